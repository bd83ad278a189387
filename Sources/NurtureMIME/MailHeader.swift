/// One extra header field of a message, such as `List-Unsubscribe` or `X-Nurture-Campaign`.
///
/// The builder checks the name and the value before writing them; see `MessageBuilder`.
public struct MailHeader: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
