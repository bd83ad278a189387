/// Why a message could not be built: which header or field, and what is wrong with it.
///
/// A struct around a private enum, so new problems can be added without breaking callers; compare
/// against the static members (`error == .lineBreak(in: "subject", scalar: "\u{2028}")`).
public struct MessageError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Problem: Hashable, Sendable {
        case lineBreak(Unicode.Scalar)
        case controlCharacter(Unicode.Scalar)
        case invalidHeaderName
        case reservedHeaderName
        case nonASCII
        case tooLong(limit: Int)
        case invalidMessageID
        case dateOutOfRange
    }

    /// The header or field at fault, as the user knows it: `subject`, `from display name`,
    /// `List-Unsubscribe`, `message-id`, ...
    public let field: String
    private let problem: Problem

    private init(field: String, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// The field holds CR, LF, U+0085, U+2028 or U+2029.
    public static func lineBreak(in field: String, scalar: Unicode.Scalar) -> MessageError {
        MessageError(field: field, problem: .lineBreak(scalar))
    }

    /// The field holds a C0 or C1 control character other than TAB and the line breaks.
    public static func controlCharacter(in field: String, scalar: Unicode.Scalar) -> MessageError {
        MessageError(field: field, problem: .controlCharacter(scalar))
    }

    /// An extra header's name is empty, or holds a colon, a space, a control or a non-ASCII character.
    public static func invalidHeaderName(_ name: String) -> MessageError {
        MessageError(field: name, problem: .invalidHeaderName)
    }

    /// An extra header would duplicate or override a header the builder writes itself.
    public static func reservedHeaderName(_ name: String) -> MessageError {
        MessageError(field: name, problem: .reservedHeaderName)
    }

    /// The field must be ASCII (an address, an extra header value).
    public static func nonASCII(in field: String) -> MessageError {
        MessageError(field: field, problem: .nonASCII)
    }

    /// The field cannot be folded into lines of at most `limit` octets.
    public static func tooLong(_ field: String, limit: Int) -> MessageError {
        MessageError(field: field, problem: .tooLong(limit: limit))
    }

    /// The Message-ID is not of the form `<left@right>` in printable ASCII.
    public static let invalidMessageID = MessageError(field: "message-id", problem: .invalidMessageID)

    /// The date cannot be written as an RFC 5322 date (years 1900 to 9999).
    public static let dateOutOfRange = MessageError(field: "date", problem: .dateOutOfRange)

    public var description: String {
        switch problem {
        case let .lineBreak(scalar):
            return "\(field) contains a line break (\(Self.codePoint(scalar)))"
        case let .controlCharacter(scalar):
            return "\(field) contains a control character (\(Self.codePoint(scalar)))"
        case .invalidHeaderName:
            return "header name '\(field.debugSafe)' is not a valid field name (printable ASCII without colon or space)"
        case .reservedHeaderName:
            return "header '\(field.debugSafe)' is written by the message builder and cannot be given as an extra header"
        case .nonASCII:
            return "\(field) contains non-ASCII characters"
        case let .tooLong(limit):
            return "\(field) cannot be folded into lines of at most \(limit) octets"
        case .invalidMessageID:
            return "message-id must look like <left@right> in printable ASCII without spaces"
        case .dateOutOfRange:
            return "date is outside the years 1900 to 9999"
        }
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
