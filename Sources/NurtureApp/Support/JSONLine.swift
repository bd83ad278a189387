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
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(384)
        let inOrder = zip(fields, fields.dropFirst()).allSatisfy { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        let sorted = inOrder ? fields : fields.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        for (index, (name, value)) in sorted.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendString(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch value {
            case let .string(string?): Self.appendString(string, to: &bytes)
            case let .int(number?): bytes.append(contentsOf: String(number).utf8)
            case .string(nil), .int(nil): bytes.append(contentsOf: "null".utf8)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `string` as a JSON string literal: quotation mark and backslash escaped, control characters as
    /// `\b \t \n \f \r` or `\u00XX`, everything else (slashes, non-ASCII) as it is.
    private static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var clean = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
                clean = index + 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
                case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                default:
                    bytes += Array("\\u00".utf8)
                    bytes += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
