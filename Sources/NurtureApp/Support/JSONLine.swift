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

    /// A record's keys made ready once, for a writer that prints many records of the same keys (a plan's
    /// lines): their order by bytes, and each one quoted and followed by its colon.
    public struct Keys: Sendable {
        /// The names' positions, in the order they are written.
        fileprivate let order: [Int]
        /// `"name":`, by position.
        fileprivate let written: [[UInt8]]

        public init(_ names: [String]) {
            // Stable: equal names keep their order, as sorting the fields did.
            order = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
            written = names.map { name in
                var bytes: [UInt8] = []
                JSONStringLiteral.append(name, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                return bytes
            }
        }
    }

    private let keys: Keys
    private let values: [Value]

    public init(_ fields: [(String, Value)]) {
        self.init(keys: Keys(fields.map(\.0)), values: fields.map(\.1))
    }

    /// The values of `keys`, in the keys' order.
    public init(keys: Keys, values: [Value]) {
        precondition(keys.written.count == values.count, "a value for each key")
        self.keys = keys
        self.values = values
    }

    /// The record as one line of text, without the newline.
    public func text() throws -> String { String(decoding: try utf8(), as: UTF8.self) }

    /// The same line as UTF-8, for an output that takes bytes (no string made and checked in between).
    public func utf8() throws -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(384)
        for (rank, position) in keys.order.enumerated() {
            if rank > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: keys.written[position])
            switch values[position] {
            case let .string(string?): JSONStringLiteral.append(string, to: &bytes)
            case let .int(number?): bytes.append(contentsOf: String(number).utf8)
            case .string(nil), .int(nil): bytes.append(contentsOf: "null".utf8)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
