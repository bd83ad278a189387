/// One extra header field of a message, such as `List-Unsubscribe` or `X-Nurture-Campaign`.
///
/// The builder checks the name and the value before writing them; see `MessageBuilder`. A header that
/// goes on many messages can be checked once (`checked()`): it then carries the line the builder writes,
/// with the name and value that line was made from, and the builder uses it only while they are still
/// the header's own.
public struct MailHeader: Hashable, Sendable {
    public var name: String
    public var value: String
    private var folded: (name: String, value: String, line: String)?

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// This header with its line made and kept, or the builder's error for it.
    public func checked() throws(MessageError) -> MailHeader {
        var copy = self
        copy.folded = (name, value, try MessageBuilder.extraField(self))
        return copy
    }

    /// The line `checked()` made, while the name and value are the ones it was made from.
    var foldedLine: String? {
        guard let folded, folded.name == name, folded.value == value else { return nil }
        return folded.line
    }

    public static func == (lhs: MailHeader, rhs: MailHeader) -> Bool { lhs.name == rhs.name && lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(value)
    }
}
