import NurtureCore

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
            JSONStringLiteral.append(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch value {
            case let .string(string?): JSONStringLiteral.append(string, to: &bytes)
            case let .int(number?): bytes.append(contentsOf: String(number).utf8)
            case .string(nil), .int(nil): bytes.append(contentsOf: "null".utf8)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
