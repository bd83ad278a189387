import Foundation
import GRDB
import NurtureCore

/// Delivery status notifications on the `bounce_report` table; a hard one also goes on the suppression
/// list and marks the ledger entry it names `bounced`.
extension SQLiteStore: BounceLog {
    public func record(_ reports: [BounceReport]) throws -> [BounceOutcome] {
        guard !reports.isEmpty else { return [] }
        return try writer.write { db in
            let findEntry = try db.cachedStatement(sql: "SELECT id FROM message WHERE message_id = ? ORDER BY id LIMIT 1")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO bounce_report (email, severity, action, status, diagnostic, original_message_id, message_id,
                                           report_id, at, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (email, report_id, status, action) DO NOTHING
                """)
            // Only an entry that went out (or may have) bounces later; a pending or failed one stays as it is.
            let bounce = try db.cachedStatement(sql: """
                UPDATE message SET state = 'bounced', last_reply = ?, updated_at = ?, next_attempt_at = NULL
                WHERE id = ? AND state IN ('sent', 'unknown')
                """)
            return try reports.map { report in
                let at = StoredDate.milliseconds(report.at)
                let entry = try report.originalMessageID.flatMap { try Int64.fetchOne(findEntry, arguments: [$0]) }
                try insert.execute(arguments: [
                    report.email.value, report.severity.rawValue, report.action, report.status, report.diagnostic,
                    report.originalMessageID, entry, report.reportID, at, report.source,
                ])
                let recorded = db.changesCount > 0
                guard report.severity == .hard else { return BounceOutcome(recorded: recorded, suppressed: false, ledgerEntry: entry) }
                let suppressed = try Self.insertSuppression(
                    db, Suppression(email: report.email, cause: .bounced, detail: report.suppressionDetail, at: report.at))
                if let entry {
                    try bounce.execute(arguments: ["bounced later: \(report.status) \(report.diagnostic ?? "")", at, entry])
                }
                return BounceOutcome(recorded: recorded, suppressed: suppressed, ledgerEntry: entry)
            }
        }
    }

    public func bounceReports(email: EmailAddress?, limit: Int) throws -> [BounceReport] {
        guard limit > 0 else { return [] }
        let path = self.path
        return try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT email, severity, action, status, diagnostic, original_message_id, report_id, at, source
                FROM bounce_report WHERE ? IS NULL OR email = ?
                ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: [email?.value, email?.value, limit])
            var all: [BounceReport] = []
            while let row = try rows.next() {
                let email: String = row["email"]
                let severityName: String = row["severity"]
                guard let severity = BounceSeverity(rawValue: severityName), let address = try? EmailAddress(storedValue: email) else {
                    throw StoreError(.corruptData, path: path, message: "a bounce report for '\(email.debugSafe)' cannot be read")
                }
                all.append(BounceReport(
                    email: address, severity: severity, action: row["action"], status: row["status"], diagnostic: row["diagnostic"],
                    originalMessageID: row["original_message_id"], reportID: row["report_id"], at: StoredDate.date(row["at"]),
                    source: row["source"]))
            }
            return all
        }
    }
}
