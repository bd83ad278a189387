import GRDB
import NurtureCore

extension SQLiteStore {
    /// Contacts in id order, `batchSize` at a time (keyset pagination on `id`), each batch read in
    /// one transaction with four queries: contacts, their events, the campaign's ledger rows and
    /// suppressions, the last three over the batch's id range. `body` runs outside the transaction,
    /// so it may write to the store.
    public func forEachHistoryBatch(
        campaign: String, only: EmailAddress?, batchSize: Int,
        _ body: ([ContactHistory]) throws -> Void
    ) throws {
        let limit = max(1, batchSize)
        var afterID = Int64.min
        while true {
            let batch = try writer.read { db in
                try historyBatch(db, campaign: campaign, only: only, afterID: afterID, limit: limit)
            }
            guard let lastID = batch.last?.contact.id else { return }
            try body(batch)
            if batch.count < limit || only != nil { return }
            afterID = lastID
        }
    }

    func historyBatch(
        _ db: Database, campaign: String, only: EmailAddress?, afterID: Int64, limit: Int
    ) throws -> [ContactHistory] {
        let rows: [Row]
        if let only {
            rows = try Row.fetchAll(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE email = ? AND id > ?",
                arguments: [only.value, afterID])
        } else {
            rows = try Row.fetchAll(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [afterID, limit])
        }
        return try histories(db, contactRows: rows, campaign: campaign, scope: nil)
    }

    /// The histories of the contacts with these ids for `campaign`, in id order; ids with no contact
    /// are skipped. Read `chunkSize` contacts at a time with the same queries as a batch.
    func histories(_ db: Database, contactIDs: [Int64], campaign: String, chunkSize: Int = 500) throws -> [ContactHistory] {
        let ids = Array(Set(contactIDs)).sorted()
        var all: [ContactHistory] = []
        all.reserveCapacity(ids.count)
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + chunkSize, ids.count)])
            start += chunkSize
            let scope = ContactScope.ids(chunk)
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE \(scope.condition("id")) ORDER BY id",
                arguments: scope.arguments)
            all += try histories(db, contactRows: rows, campaign: campaign, scope: scope)
        }
        return all
    }

    /// The histories of the contacts in `rows` (in id order), with their events, the campaign's ledger
    /// rows (every state: the planner takes them all as taken), the stages people set, and its suppressions
    /// (everything, and each campaign). The queries read `scope`, or the rows' id range when nil.
    private func histories(_ db: Database, contactRows rows: [Row], campaign: String, scope: ContactScope?) throws -> [ContactHistory] {
        var histories: [ContactHistory] = []
        histories.reserveCapacity(rows.count)
        var position: [Int64: Int] = [:]
        for row in rows {
            let contact = try ContactRow(row: row, path: path).contact(path: path)
            guard let id = contact.id else { continue }
            position[id] = histories.count
            histories.append(ContactHistory(contact: contact))
        }
        guard let first = histories.first?.contact.id, let last = histories.last?.contact.id else { return [] }
        let scope = scope ?? .range(first, last)
        let events = try Row.fetchCursor(db, sql: """
            SELECT contact_id, type, at, content, properties FROM event
            WHERE \(scope.condition("contact_id")) ORDER BY contact_id, at, id
            """, arguments: scope.arguments)
        while let row = try events.next() {
            guard let index = position[row["contact_id"]] else { continue }
            let typeName: String = row["type"]
            guard let type = EventType(rawValue: typeName) else {
                throw StoreError(.corruptData, path: path, message: "an event has an unknown type '\(typeName.debugSafe)'")
            }
            let properties = try StoredJSON.decode(
                [String: String].self, from: row["properties"], column: "event.properties", path: path) ?? [:]
            histories[index].events.append(ContactEvent(
                type: type, at: StoredDate.date(row["at"]), content: row["content"], properties: properties))
        }

        // Every campaign's entries: this campaign's make `sent`, the others' `elsewhere` (pacing counts them all).
        let messages = try Row.fetchCursor(db, sql: """
            SELECT contact_id, campaign, step, content_key, content, state, sent_at, updated_at, kind FROM message
            WHERE \(scope.condition("contact_id")) ORDER BY contact_id, id
            """, arguments: scope.arguments)
        while let row = try messages.next() {
            guard let index = position[row["contact_id"]] else { continue }
            let sentAt: Int64? = row["sent_at"]
            let updatedAt: Int64 = row["updated_at"]
            let owner: String = row["campaign"]
            let kind: String? = row["kind"]
            let message = SentMessage(
                step: row["step"], contentKey: row["content_key"], content: row["content"],
                at: StoredDate.date(sentAt ?? updatedAt),
                // A state this version does not know is taken as "may have gone out": never resent.
                state: DeliveryState(rawValue: row["state"]) ?? .unknown,
                campaign: owner, kind: kind.flatMap(StepKind.init(rawValue:)))
            if owner == campaign { histories[index].sent.append(message) } else { histories[index].elsewhere.append(message) }
        }

        let overrides = try Row.fetchCursor(db, sql: """
            SELECT contact_id, stage, at, reason, made_by FROM stage_override
            WHERE \(scope.condition("contact_id")) ORDER BY contact_id, at, id
            """, arguments: scope.arguments)
        while let row = try overrides.next() {
            guard let index = position[row["contact_id"]] else { continue }
            histories[index].stageOverrides.append(StageOverride(
                stage: Stage(row["stage"] as String), at: StoredDate.date(row["at"]), reason: row["reason"], by: row["made_by"]))
        }

        // Every scope: campaign '' suppresses all campaigns; a name, that campaign (the history may be planned for several).
        let suppressions = try Row.fetchCursor(db, sql: """
            SELECT contact.id, suppression.campaign, suppression.at FROM contact JOIN suppression ON suppression.email = contact.email
            WHERE \(scope.condition("contact.id"))
            """, arguments: scope.arguments)
        while let row = try suppressions.next() {
            guard let index = position[row[0]] else { continue }
            let scope: String = row[1]
            if scope.isEmpty {
                histories[index].suppressed = true
            } else {
                histories[index].unsubscribedFrom[scope] = StoredDate.date(row[2])
            }
        }
        return histories
    }
}
