import GRDB
import NurtureCore

extension SQLiteStore {
    /// One page of histories after contact id `after`, for callers that do asynchronous work between
    /// pages (a run sends a page's messages before reading the next).
    public func historyPage(campaign: String, only: EmailAddress?, after: Int64?, limit: Int) throws -> [ContactHistory] {
        try writer.read { db in
            try historyBatch(db, campaign: campaign, only: only, afterID: after ?? Int64.min, limit: max(1, limit))
        }
    }
}

extension SQLiteStore {
    public func customFieldNames() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT key FROM contact, json_each(contact.custom_fields)"))
        }
    }
}
