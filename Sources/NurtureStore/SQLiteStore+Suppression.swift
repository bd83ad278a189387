import Foundation
import GRDB
import NurtureCore

/// The suppression list on the `suppression` table: campaign '' is every campaign. Lifted suppressions
/// move to `suppression_removal` with the reason.
extension SQLiteStore: SuppressionList {
    public func suppress(_ suppression: Suppression) throws -> Bool {
        try writer.write { db in
            try Self.insertSuppression(db, suppression)
        }
    }

    public func importSuppressions<Source: RowSource>(_ rows: Source, cause: SuppressionCause, detail: String, at: Date) throws -> ImportReport
    where Source.Record == EmailAddress {
        var rows = rows
        return try writer.write { db in
            var report = ImportReport()
            while let row = try rows.next() {
                switch row.result {
                case let .failure(rejection):
                    report.rejected.append(rejection)
                case let .success(email):
                    let suppression = Suppression(email: email, cause: cause, detail: "\(detail):\(row.line)", at: at)
                    if try Self.insertSuppression(db, suppression) { report.imported += 1 } else { report.unchanged += 1 }
                }
            }
            return report
        }
    }

    /// Inserts `suppression` unless its address is already suppressed for that scope; true when it was not.
    static func insertSuppression(_ db: Database, _ suppression: Suppression) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT INTO suppression (email, campaign, cause, reason, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (email, campaign) DO NOTHING
            """).execute(arguments: [
                suppression.email.value, SuppressionRow.scope(suppression.campaign), suppression.cause.rawValue,
                suppression.detail, StoredDate.milliseconds(suppression.at),
            ])
        return db.changesCount > 0
    }

    public func removeSuppression(email: EmailAddress, campaign: String?, reason: String, at: Date) throws -> Bool {
        try writer.write { db in
            let scope = SuppressionRow.scope(campaign)
            // email is COLLATE NOCASE: any spelling of the address finds it.
            try db.execute(sql: """
                INSERT INTO suppression_removal (email, campaign, cause, suppression_reason, suppressed_at, reason, removed_at)
                SELECT email, campaign, cause, reason, at, ?, ? FROM suppression WHERE email = ? AND campaign = ?
                """, arguments: [reason, StoredDate.milliseconds(at), email.value, scope])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM suppression WHERE email = ? AND campaign = ?", arguments: [email.value, scope])
            return true
        }
    }

    public func suppressions(email: EmailAddress?, limit: Int) throws -> [Suppression] {
        guard limit > 0 else { return [] }
        let path = self.path
        return try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT email, campaign, cause, reason, at FROM suppression
                WHERE ? IS NULL OR email = ?
                ORDER BY at DESC, email, campaign
                LIMIT ?
                """, arguments: [email?.value, email?.value, limit])
            var all: [Suppression] = []
            while let row = try rows.next() { all.append(try SuppressionRow.suppression(row, path: path)) }
            return all
        }
    }

    public func contact(id: Int64) throws -> Contact? {
        let path = self.path
        return try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE id = ?", arguments: [id])
                .map { try ContactRow(row: $0, path: path).contact(path: path) }
        }
    }

    /// The lifted suppressions of `email` (nil: all), newest first: what they were and why they were lifted.
    public func suppressionRemovals(email: EmailAddress?) throws -> [SuppressionRemoval] {
        let path = self.path
        return try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT email, campaign, cause, suppression_reason AS reason, suppressed_at AS at,
                       reason AS removal_reason, removed_at
                FROM suppression_removal WHERE ? IS NULL OR email = ?
                ORDER BY removed_at DESC, id DESC
                """, arguments: [email?.value, email?.value])
            var all: [SuppressionRemoval] = []
            while let row = try rows.next() {
                all.append(SuppressionRemoval(
                    suppression: try SuppressionRow.suppression(row, path: path),
                    reason: row["removal_reason"], at: StoredDate.date(row["removed_at"])))
            }
            return all
        }
    }
}

/// The columns of a `suppression` row as the core's value.
enum SuppressionRow {
    /// The `campaign` column of a scope: '' for every campaign.
    static func scope(_ campaign: String?) -> String { campaign ?? "" }

    static func suppression(_ row: Row, path: String) throws(StoreError) -> Suppression {
        let email: String = row["email"]
        let causeName: String = row["cause"]
        let campaign: String = row["campaign"]
        guard let cause = SuppressionCause(rawValue: causeName) else {
            throw StoreError(.corruptData, path: path, message: "a suppression has an unknown cause '\(causeName.debugSafe)'")
        }
        let address: EmailAddress
        do {
            address = try EmailAddress(storedValue: email)
        } catch {
            throw StoreError(.corruptData, path: path, message: "a suppressed address '\(email.debugSafe)' cannot be read: \(error)")
        }
        return Suppression(
            email: address, campaign: campaign.isEmpty ? nil : campaign, cause: cause, detail: row["reason"],
            at: StoredDate.date(row["at"]))
    }
}
