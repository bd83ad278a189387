import GRDB
import NurtureCore

/// A JSON column of strings decoded from the statement's bytes: an object (`custom_fields`, `properties`)
/// or an array (`interests`). What this program writes, the plain case, is read by `StringMembersJSON` in
/// place; anything else is kept as text, for `StoredJSON` to decode or refuse exactly as before.
enum StoredStrings<Value: StringsJSONShape>: DatabaseValueConvertible, StatementColumnConvertible {
    case read(Value)
    case text(String)

    init(sqliteStatement: SQLiteStatement, index: CInt) {
        if let value = Value.read(StatementText.bytes(sqliteStatement, index)) {
            self = .read(value)
        } else {
            // As GRDB reads the text (up to a NUL, repaired): what the column was read from before.
            self.init(text: StatementText.string(sqliteStatement, index))
        }
    }

    init(text: String) {
        var utf8 = text
        self = utf8.withUTF8(Value.read).map(Self.read) ?? .text(text)
    }

    var databaseValue: DatabaseValue {
        switch self {
        case let .read(value): return value.json.databaseValue
        case let .text(text): return text.databaseValue
        }
    }

    static func fromDatabaseValue(_ value: DatabaseValue) -> StoredStrings? {
        guard let text = String.fromDatabaseValue(value) else { return nil }
        return StoredStrings(text: text)
    }
}

/// The two shapes of the store's JSON columns of strings.
protocol StringsJSONShape {
    /// The plain case read from UTF-8, or nil.
    static func read(_ utf8: UnsafeBufferPointer<UInt8>) -> Self?
    /// As the store writes it.
    var json: String { get }
}

extension [String: String]: StringsJSONShape {
    static func read(_ utf8: UnsafeBufferPointer<UInt8>) -> [String: String]? { StringMembersJSON.members(utf8) }
    var json: String { StoredJSON.encode(self) }
}

extension [String]: StringsJSONShape {
    static func read(_ utf8: UnsafeBufferPointer<UInt8>) -> [String]? { StringMembersJSON.items(utf8) }
    var json: String { StoredJSON.encode(self) }
}
