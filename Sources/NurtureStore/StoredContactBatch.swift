import GRDB

/// The stored contacts of a batch of import rows, fetched in one query instead of one per row: what
/// `ContactRow.fetch` would find for each address of the batch. Addresses match as the `email` column's
/// NOCASE collation matches them (ASCII letters without regard to case, every other byte as it is). Once the
/// import writes a contact, its stored row has changed: the next row with that address reads it again.
struct StoredContactBatch {
    /// Rows per batch: one query and a bounded amount of memory per this many rows.
    static let size = 512

    private var found: [String: ContactRow] = [:]
    private var written: Set<String> = []
    private let path: String

    /// The stored contacts among `emails`.
    init(_ db: Database, emails: [String], path: String) throws {
        self.path = path
        guard !emails.isEmpty else { return }
        let placeholders = repeatElement("?", count: emails.count).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "SELECT \(ContactRow.columns) FROM contact WHERE email IN (\(placeholders))")
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(emails.map { $0 as (any DatabaseValueConvertible)? }))
        while let row = try rows.next() {
            let contact = try ContactRow(row: row, path: path)
            found[Self.key(contact.email)] = contact
        }
    }

    /// What `ContactRow.fetch` finds for `email` now.
    func stored(email: String, in db: Database) throws -> ContactRow? {
        let key = Self.key(email)
        if written.contains(key) { return try ContactRow.fetch(db, email: email, path: path) }
        return found[key]
    }

    /// Notes that the contact with `email` was inserted or updated.
    mutating func wrote(email: String) {
        written.insert(Self.key(email))
    }

    /// The address as NOCASE compares it: ASCII upper-case letters folded to lower case.
    static func key(_ email: String) -> String {
        guard email.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return email }
        return String(decoding: email.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
