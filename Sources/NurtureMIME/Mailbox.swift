import NurtureCore

/// A person and their address, as written in From, To and Reply-To: `Display Name <local@domain>`.
public struct Mailbox: Hashable, Sendable {
    /// Shown by mail clients; `nil` or blank writes the bare address.
    public var displayName: String?
    public var address: EmailAddress

    public init(displayName: String?, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }
}
