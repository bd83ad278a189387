import NurtureCore

/// A person and their address, as written in From, To and Reply-To: `Display Name <local@domain>`.
///
/// A mailbox that goes on many messages (the sender's) can be checked once for one header
/// (`checked(as:)`): it then carries the line the builder writes, with the header, name and address it
/// was made from, and the builder uses it only for that header while they are still the mailbox's own.
public struct Mailbox: Hashable, Sendable {
    /// Shown by mail clients; `nil` or blank writes the bare address.
    public var displayName: String?
    public var address: EmailAddress
    private var folded: (header: String, displayName: String?, address: EmailAddress, line: String)?

    public init(displayName: String?, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }

    /// This mailbox with its `header` line (`From`, `To`, `Reply-To`) made and kept, or the builder's
    /// error for it.
    public func checked(as header: String) throws(MessageError) -> Mailbox {
        var copy = self
        copy.folded = (header, displayName, address, try MessageBuilder.mailboxField(header, field: header.lowercased(), self))
        return copy
    }

    /// The line `checked(as:)` made for `header`, while the name and address are the ones it was made from.
    func foldedLine(for header: String) -> String? {
        guard let folded, folded.header == header, folded.displayName == displayName, folded.address == address else { return nil }
        return folded.line
    }

    public static func == (lhs: Mailbox, rhs: Mailbox) -> Bool {
        lhs.displayName == rhs.displayName && lhs.address == rhs.address
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(displayName)
        hasher.combine(address)
    }
}
