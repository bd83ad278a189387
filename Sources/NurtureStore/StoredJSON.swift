import Foundation
import NurtureCore

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

    /// A list of strings (`interests`): read by `StringMembersJSON` (what this program writes always is its
    /// plain case), anything else by the decoder, which accepts or refuses it as before.
    static func decode(_ type: [String].Type, from text: String?, column: String, path: String) throws(StoreError) -> [String]? {
        if let text, let items = StringMembersJSON.items(text) { return items }
        return try decode(generic: type, from: text, column: column, path: path)
    }

    /// A map of strings (`custom_fields`, `properties`), the same way.
    static func decode(_ type: [String: String].Type, from text: String?, column: String, path: String) throws(StoreError) -> [String: String]? {
        if let text, let members = StringMembersJSON.members(text) { return members }
        return try decode(generic: type, from: text, column: column, path: path)
    }

    /// A column read from the statement's bytes (`StoredStrings`): the plain case as read, anything else by
    /// the decoder, which accepts or refuses it as before.
    static func decode<Value: Decodable & StringsJSONShape>(_ column: StoredStrings<Value>?, column name: String, path: String) throws(StoreError) -> Value? {
        switch column {
        case let .read(value)?: return value
        case let .text(text)?: return try decode(generic: Value.self, from: text, column: name, path: path)
        case nil: return nil
        }
    }

    private static func decode<Value: Decodable>(generic type: Value.Type, from text: String?, column: String, path: String) throws(StoreError) -> Value? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptData, path: path, message: "column \(column) holds invalid JSON: \(text.debugSafe)")
        }
    }
}
