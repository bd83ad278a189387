import GRDB
import GRDBSQLite

/// A TEXT column's UTF-8 as the statement holds it, for the `StatementColumnConvertible` columns a plan
/// decodes on every row: read in place, with no string made first. Valid until the statement steps again.
enum StatementText {
    static func bytes(_ statement: SQLiteStatement, _ index: CInt) -> UnsafeBufferPointer<UInt8> {
        // `sqlite3_column_text` first, then `sqlite3_column_bytes`: the order SQLite documents.
        guard let text = sqlite3_column_text(statement, index) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index)))
    }

    /// The column as GRDB reads a `String` (up to a NUL, invalid UTF-8 repaired): for what the fast
    /// readers leave, so it reads exactly as before.
    static func string(_ statement: SQLiteStatement, _ index: CInt) -> String {
        String(sqliteStatement: statement, index: index)
    }
}
