import GRDB
import NurtureCore

/// Reading `message` rows, joined with their contact for the address, as `LedgerEntry` values.
enum LedgerRow {
    static let columns = """
        message.id, message.contact_id, contact.email, message.campaign, message.step, message.content_key,
        message.content, message.message_id, message.state, message.attempts, message.last_reply,
        message.created_at, message.updated_at, message.sent_at, message.next_attempt_at
        """

    static let source = "message JOIN contact ON contact.id = message.contact_id"

    static func entry(_ row: Row, path: String) throws(StoreError) -> LedgerEntry {
        let id: Int64 = row["id"]
        let stateName: String = row["state"]
        guard let state = DeliveryState(rawValue: stateName) else {
            throw StoreError(.corruptData, path: path, message: "ledger entry \(id) has an unknown state '\(stateName.debugSafe)'")
        }
        let emailText: String = row["email"]
        let email: EmailAddress
        do {
            email = try EmailAddress(storedValue: emailText)
        } catch {
            throw StoreError(.corruptData, path: path, message: "ledger entry \(id) is for an invalid email: \(error)")
        }
        let sentAt: Int64? = row["sent_at"]
        let nextAttemptAt: Int64? = row["next_attempt_at"]
        return LedgerEntry(
            id: id, contactID: row["contact_id"], email: email, campaign: row["campaign"], step: row["step"],
            contentKey: row["content_key"], content: row["content"], messageID: row["message_id"], state: state,
            attempts: row["attempts"], lastReply: row["last_reply"],
            createdAt: StoredDate.date(row["created_at"]), updatedAt: StoredDate.date(row["updated_at"]),
            sentAt: sentAt.map(StoredDate.date), nextAttemptAt: nextAttemptAt.map(StoredDate.date))
    }

    static func fetchOne(_ db: Database, id: Int64, path: String) throws -> LedgerEntry? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM \(source) WHERE message.id = ?", arguments: [id]) else { return nil }
        return try entry(row, path: path)
    }

    static func state(_ db: Database, id: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT state FROM message WHERE id = ?", arguments: [id])
    }
}
