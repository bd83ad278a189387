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
        let contacts: [ContactRow]
        if let only {
            contacts = try Self.leanContacts(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE email = ? AND id > ?",
                arguments: [only.value, afterID])
        } else {
            contacts = try Self.leanContacts(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [afterID, limit])
        }
        return try histories(db, contacts: contacts, campaign: campaign, scope: nil)
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
            let contacts = try Self.leanContacts(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE \(scope.condition("id")) ORDER BY id",
                arguments: scope.arguments)
            all += try histories(db, contacts: contacts, campaign: campaign, scope: scope)
        }
        return all
    }

    /// The contacts a query of `ContactRow.columns` selects, read from the statement as it steps (no row
    /// copies), without their JSON columns (see `ContactRow(leanRow:)`).
    private static func leanContacts(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ContactRow] {
        var contacts: [ContactRow] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() { contacts.append(ContactRow(leanRow: row)) }
        return contacts
    }

    /// The histories of the `contacts` (in id order), with their events, the campaign's ledger
    /// rows (every state: the planner takes them all as taken), the stages people set, and its suppressions
    /// (everything, and each campaign). The queries read `scope`, or the contacts' id range when nil.
    ///
    /// A plan reads every contact on each run, so this is lean: columns by position, and the JSON columns
    /// (interests, custom fields, event properties) taken apart by SQLite's `json_each` rather than decoded
    /// row by row in Swift; empty ones (most) are never parsed.
    private func histories(_ db: Database, contacts: [ContactRow], campaign: String, scope: ContactScope?) throws -> [ContactHistory] {
        var histories: [ContactHistory] = []
        histories.reserveCapacity(contacts.count)
        var position: [Int64: Int] = [:]
        position.reserveCapacity(contacts.count)
        var contacts = contacts.filter { $0.id != nil }
        for (index, contact) in contacts.enumerated() { if let id = contact.id { position[id] = index } }
        guard let first = contacts.first?.id, let last = contacts.last?.id else { return [] }
        let scope = scope ?? .range(first, last)

        try forEachJSONEntry(db, table: "contact", idColumn: "id", column: "interests", shape: .array, scope: scope) { id, _, value in
            guard let index = position[id] else { return }
            contacts[index].interests.append(value)
        }
        try forEachJSONEntry(db, table: "contact", idColumn: "id", column: "custom_fields", shape: .object, scope: scope) { id, row, value in
            guard let index = position[id] else { return }
            contacts[index].customFields[row[1] as String] = value
        }
        for contact in contacts {
            histories.append(ContactHistory(contact: try contact.contact(path: path)))
        }

        try readEvents(db, scope: scope, position: position, into: &histories)

        // Every campaign's entries: this campaign's make `sent`, the others' `elsewhere` (pacing counts them all).
        let messages = try Row.fetchCursor(db, sql: """
            SELECT contact_id, campaign, step, content_key, content, state, sent_at, updated_at, kind FROM message
            WHERE \(scope.condition("contact_id")) ORDER BY contact_id, id
            """, arguments: scope.arguments)
        while let row = try messages.next() {
            guard let index = position[row[0]] else { continue }
            let sentAt: Int64? = row[6]
            let updatedAt: Int64 = row[7]
            let owner: String = row[1]
            let kind: String? = row[8]
            let message = SentMessage(
                step: row[2], contentKey: row[3], content: row[4],
                at: StoredDate.date(sentAt ?? updatedAt),
                // A state this version does not know is taken as "may have gone out": never resent.
                state: DeliveryState(rawValue: row[5]) ?? .unknown,
                campaign: owner, kind: kind.flatMap(StepKind.init(rawValue:)))
            if owner == campaign { histories[index].sent.append(message) } else { histories[index].elsewhere.append(message) }
        }

        let overrides = try Row.fetchCursor(db, sql: """
            SELECT contact_id, stage, at, reason, made_by FROM stage_override
            WHERE \(scope.condition("contact_id")) ORDER BY contact_id, at, id
            """, arguments: scope.arguments)
        while let row = try overrides.next() {
            guard let index = position[row[0]] else { continue }
            histories[index].stageOverrides.append(StageOverride(
                stage: Stage(row[1] as String), at: StoredDate.date(row[2]), reason: row[3], by: row[4]))
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

    /// The events of the contacts in `scope`, in time order (then in the order they were stored), each with
    /// its properties. SQLite gives one row per property (none for an event without), the rows of one event
    /// together (`json_each` is the inner loop); sorting here, a contact's few events at a time, costs far
    /// less than an ORDER BY over the page.
    private func readEvents(_ db: Database, scope: ContactScope, position: [Int64: Int], into histories: inout [ContactHistory]) throws {
        let events = try Row.fetchCursor(db, sql: """
            SELECT event.id, event.contact_id, event.type, event.at, event.content, property.key, property.value,
                   CASE WHEN property.type IS NULL THEN NULL ELSE property.type = 'text' AND typeof(property.key) = 'text' END
            FROM event LEFT JOIN json_each(CASE WHEN event.properties = '{}' THEN NULL ELSE event.properties END) AS property
            WHERE \(scope.condition("event.contact_id"))
            """, arguments: scope.arguments)
        var read = [[(at: Int64, id: Int64, event: ContactEvent)]](repeating: [], count: histories.count)
        var current: (id: Int64, index: Int)?
        do {
            while let row = try events.next() {
                let eventID: Int64 = row[0]
                guard let index = position[row[1]] else { continue }
                if current?.id != eventID {
                    let typeName: String = row[2]
                    guard let type = EventType(rawValue: typeName) else {
                        throw StoreError(.corruptData, path: path, message: "an event has an unknown type '\(typeName.debugSafe)'")
                    }
                    let at: Int64 = row[3]
                    read[index].append((at, eventID, ContactEvent(type: type, at: StoredDate.date(at), content: row[4])))
                    current = (eventID, index)
                }
                if row.hasNull(atIndex: 7) { continue }  // no property (the LEFT JOIN found none)
                guard row[7] as Bool else { throw invalidJSON(db, table: "event", idColumn: "id", column: "properties", id: eventID) }
                read[index][read[index].count - 1].event.properties[row[5] as String] = row[6] as String
            }
        } catch let error as DatabaseError where error.isMalformedJSON {
            throw try firstInvalidJSON(db, table: "event", column: "properties", scope: scope, scopeColumn: "contact_id")
        }
        for (index, var events) in read.enumerated() where !events.isEmpty {
            events.sort { $0.at != $1.at ? $0.at < $1.at : $0.id < $1.id }
            histories[index].events = events.map(\.event)
        }
    }

    /// What a JSON column holds: an array of strings (its keys are positions) or an object of strings.
    private enum JSONShape {
        case array, object

        var empty: String { self == .array ? "[]" : "{}" }
        var keyType: String { self == .array ? "integer" : "text" }
    }

    /// Calls `body` with each (id, row, text value) of the JSON in `column` of the rows of `table` in
    /// `scope`, skipping the empty ones; `row[1]` is the entry's key. A row's entries come together and in
    /// document order: `json_each`, which reads the outer row's column, is the inner loop and walks the text
    /// from its start (no ORDER BY: sorting the page would cost more than reading it). An entry of another
    /// shape (a number, a nested object, a bare string) is invalid JSON for this column.
    private func forEachJSONEntry(
        _ db: Database, table: String, idColumn: String, column: String, shape: JSONShape, scope: ContactScope,
        _ body: (Int64, Row, String) -> Void
    ) throws {
        let entries = try Row.fetchCursor(db, sql: """
            SELECT \(table).\(idColumn), entry.key, entry.value, entry.type = 'text' AND typeof(entry.key) = '\(shape.keyType)'
            FROM \(table), json_each(\(table).\(column)) AS entry
            WHERE \(scope.condition("\(table).\(idColumn)")) AND \(table).\(column) <> '\(shape.empty)'
            """, arguments: scope.arguments)
        do {
            while let row = try entries.next() {
                let id: Int64 = row[0]
                guard row[3] as Bool else { throw invalidJSON(db, table: table, idColumn: idColumn, column: column, id: id) }
                body(id, row, row[2])
            }
        } catch let error as DatabaseError where error.isMalformedJSON {
            throw try firstInvalidJSON(db, table: table, column: column, scope: scope, scopeColumn: idColumn)
        }
    }

    /// The error for a JSON column of the row with `id` that does not hold what this version writes.
    private func invalidJSON(_ db: Database, table: String, idColumn: String, column: String, id: Int64) -> StoreError {
        let text = (try? String.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE \(idColumn) = ?", arguments: [id])) ?? nil
        return StoreError(.corruptData, path: path, message: "column \(table).\(column) holds invalid JSON: \((text ?? "").debugSafe)")
    }

    /// The same, found among the rows in `scope` (compared by `scopeColumn`) when SQLite refused to parse one.
    private func firstInvalidJSON(_ db: Database, table: String, column: String, scope: ContactScope, scopeColumn: String) throws -> StoreError {
        let text = try String.fetchOne(db, sql: """
            SELECT \(column) FROM \(table) WHERE \(scope.condition(scopeColumn)) AND NOT json_valid(\(column)) LIMIT 1
            """, arguments: scope.arguments)
        return StoreError(.corruptData, path: path, message: "column \(table).\(column) holds invalid JSON: \((text ?? "").debugSafe)")
    }
}

private extension DatabaseError {
    /// SQLite's JSON functions refuse text that is not JSON.
    var isMalformedJSON: Bool { message?.contains("malformed JSON") ?? false }
}
