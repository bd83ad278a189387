import Foundation

/// One JSON Lines record with its keys in a fixed set and `null` for absent values (JSONEncoder would
/// drop them), keys sorted so output is byte-stable.
public struct JSONLine: Encodable {
    public enum Value: Encodable {
        case string(String?)
        case int(Int?)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .string(value?): try container.encode(value)
            case let .int(value?): try container.encode(value)
            case .string(nil), .int(nil): try container.encodeNil()
            }
        }
    }

    private let fields: [(String, Value)]

    public init(_ fields: [(String, Value)]) { self.fields = fields }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields { try container.encode(value, forKey: Key(stringValue: name)) }
    }

    /// The record as one line of text, without the newline.
    public func text() throws -> String {
        String(decoding: try Self.encoder.encode(self), as: UTF8.self)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
