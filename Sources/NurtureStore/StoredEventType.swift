import GRDB
import NurtureCore

/// `event.type` decoded from the statement's bytes (`EventType(utf8:)`): the type, or the text when it names
/// none, for the store's error. A plan reads one per event.
enum StoredEventType: DatabaseValueConvertible, StatementColumnConvertible {
    case known(EventType)
    case unknown(String)

    init(sqliteStatement: SQLiteStatement, index: CInt) {
        if let type = EventType(utf8: StatementText.bytes(sqliteStatement, index)) {
            self = .known(type)
        } else {
            // As GRDB reads the text (up to a NUL, repaired): what the type was read from before.
            self.init(text: StatementText.string(sqliteStatement, index))
        }
    }

    init(text: String) { self = EventType(rawValue: text).map(Self.known) ?? .unknown(text) }

    var databaseValue: DatabaseValue {
        switch self {
        case let .known(type): return type.rawValue.databaseValue
        case let .unknown(text): return text.databaseValue
        }
    }

    static func fromDatabaseValue(_ value: DatabaseValue) -> StoredEventType? { String.fromDatabaseValue(value).map(Self.init(text:)) }
}
