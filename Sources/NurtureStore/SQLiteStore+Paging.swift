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
    /// Kept by every import of contacts (`contact_field`): no contact is read.
    public func customFieldNames() throws -> Set<String> {
        try writer.read { db in Set(try String.fetchAll(db, sql: "SELECT name FROM contact_field")) }
    }
}
