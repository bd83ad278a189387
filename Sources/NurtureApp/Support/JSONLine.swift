/// One JSON Lines record with its keys in a fixed set and `null` for absent values, keys sorted (by
/// UTF-8 bytes) so output is byte-stable: what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` prints for the same object, written directly (a plan prints a million of
/// them; `JSONLineTests` holds the two to the same bytes).
public struct JSONLine {
    public enum Value {
        case string(String?)
        case int(Int?)
    }

    private let fields: [(String, Value)]

    public init(_ fields: [(String, Value)]) { self.fields = fields }

    /// The record as one line of text, without the newline.
    public func text() throws -> String {
        var text = "{"
        text.reserveCapacity(256)
        let sorted = fields.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        for (index, (name, value)) in sorted.enumerated() {
            if index > 0 { text += "," }
            Self.appendString(name, to: &text)
            text += ":"
            switch value {
            case let .string(string?): Self.appendString(string, to: &text)
            case let .int(number?): text += String(number)
            case .string(nil), .int(nil): text += "null"
            }
        }
        text += "}"
        return text
    }

    /// `string` as a JSON string literal: quotation mark and backslash escaped, control characters as
    /// `\b \t \n \f \r` or `\u00XX`, everything else (slashes, non-ASCII) as it is.
    private static func appendString(_ string: String, to text: inout String) {
        text += "\""
        var clean = string.utf8.startIndex
        let utf8 = string.utf8
        var index = clean
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                text += string[clean..<index]
                switch byte {
                case UInt8(ascii: "\""): text += "\\\""
                case UInt8(ascii: "\\"): text += "\\\\"
                case 0x08: text += "\\b"
                case 0x09: text += "\\t"
                case 0x0A: text += "\\n"
                case 0x0C: text += "\\f"
                case 0x0D: text += "\\r"
                default:
                    let hex: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
                    text += "\\u00"
                    text.append(hex[Int(byte >> 4)])
                    text.append(hex[Int(byte & 0x0F)])
                }
                clean = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        text += string[clean..<utf8.endIndex]
        text += "\""
    }
}
