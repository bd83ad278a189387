import Foundation

/// JSON text columns (`interests`, `custom_fields`, `properties`): compact, keys sorted, so equal
/// values are equal text.
enum StoredJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A list of strings (`interests`), as the encoder writes it (`StringsJSONWriter`).
    static func encode(_ list: [String]) -> String { StringsJSONWriter.array(list) }

    /// A map of strings (`custom_fields`, `properties`), as the encoder writes it (`StringsJSONWriter`).
    static func encode(_ map: [String: String]) -> String { StringsJSONWriter.object(map) }

    static func encode<Value: Encodable>(_ value: Value) -> String {
        if let map = value as? [String: String] { return encode(map) }
        if let list = value as? [String] { return encode(list) }
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private static let decoder = JSONDecoder()

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String?, column: String, path: String) throws(StoreError) -> Value? {
        guard let text, !text.isEmpty else { return nil }
        // Most rows hold an empty list or object: no decoder for those (a plan reads millions of them).
        if text == "[]", let empty = [String]() as? Value { return empty }
        if text == "{}", let empty = [String: String]() as? Value { return empty }
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptData, path: path, message: "column \(column) holds invalid JSON: \(text.debugSafe)")
        }
    }
}
