import GRDB
import NurtureCore

extension SQLiteStore {
    /// Contacts in id order, `batchSize` at a time (keyset pagination on `id`), each batch read in
    /// one transaction with five queries: contacts, their events, every campaign's ledger rows, the stages
    /// people set and suppressions, the last four over the batch's id range. `body` runs outside the transaction,
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
            contacts = try leanContacts(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE email = ? AND id > ?",
                arguments: [only.value, afterID])
        } else {
            contacts = try leanContacts(
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
            let contacts = try leanContacts(
                db, sql: "SELECT \(ContactRow.columns) FROM contact WHERE \(scope.condition("id")) ORDER BY id",
                arguments: scope.arguments)
            all += try histories(db, contacts: contacts, campaign: campaign, scope: scope)
        }
        return all
    }

    /// The contacts a query of `ContactRow.columns` selects, read from the statement as it steps (no row copies).
    private func leanContacts(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ContactRow] {
        var contacts: [ContactRow] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() { contacts.append(try ContactRow(row: row, path: path)) }
        return contacts
    }

    /// The histories of the `contacts` (in id order), with their events, the campaign's ledger
    /// rows (every state: the planner takes them all as taken), the stages people set, and its suppressions
    /// (everything, and each campaign). The queries read `scope`, or the contacts' id range when nil.
    ///
    /// A plan reads every contact on each run, so this is lean: columns by position, rows decoded as the
    /// statement steps, the JSON columns (interests, custom fields, event properties) read by
    /// `StringMembersJSON` (`StoredJSON`), events sorted here rather than by an ORDER BY over the page.
    private func histories(_ db: Database, contacts: [ContactRow], campaign: String, scope: ContactScope?) throws -> [ContactHistory] {
        var histories: [ContactHistory] = []
        histories.reserveCapacity(contacts.count)
        var position: [Int64: Int] = [:]
        position.reserveCapacity(contacts.count)
        for contact in contacts {
            guard let id = contact.id else { continue }
            position[id] = histories.count
            histories.append(ContactHistory(contact: try contact.contact(path: path)))
        }
        guard let first = histories.first?.contact.id, let last = histories.last?.contact.id else { return [] }
        let scope = scope ?? .range(first, last)

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
    /// its properties. Sorted here, a contact's few events at a time: that costs far less than an ORDER BY
    /// over the page. The type and the properties are decoded from the statement's bytes (`StoredEventType`,
    /// `StoredStrings`): a plan reads every event.
    private func readEvents(_ db: Database, scope: ContactScope, position: [Int64: Int], into histories: inout [ContactHistory]) throws {
        let events = try Row.fetchCursor(db, sql: """
            SELECT id, contact_id, type, at, content, properties FROM event WHERE \(scope.condition("contact_id"))
            """, arguments: scope.arguments)
        var read: [(index: Int, at: Int64, id: Int64, event: ContactEvent)] = []
        // A contact's rows come together (the index on contact_id is read in order): looked up once.
        var contact: (id: Int64, index: Int?)?
        while let row = try events.next() {
            let contactID: Int64 = row[1]
            if contact?.id != contactID { contact = (contactID, position[contactID]) }
            guard let index = contact?.index else { continue }
            let type: EventType
            switch row[2] as StoredEventType {
            case let .known(known): type = known
            case let .unknown(typeName):
                throw StoreError(.corruptData, path: path, message: "an event has an unknown type '\(typeName.debugSafe)'")
            }
            let at: Int64 = row[3]
            let properties = try StoredJSON.decode(row[5] as StoredStrings<[String: String]>?, column: "event.properties", path: path) ?? [:]
            read.append((index, at, row[0], ContactEvent(type: type, at: StoredDate.date(at), content: row[4], properties: properties)))
        }
        // Each contact's rows side by side (they nearly always are), then each run in order, into one array of its size.
        if zip(read, read.dropFirst()).contains(where: { $0.index > $1.index }) { read.sort { $0.index < $1.index } }
        read.withUnsafeMutableBufferPointer { read in
            var start = read.startIndex
            while start < read.endIndex {
                let index = read[start].index
                var end = start + 1
                while end < read.endIndex && read[end].index == index { end += 1 }
                // In place (a slice of the buffer, not of the array, which would be copied out and back).
                read[start..<end].sort { $0.at != $1.at ? $0.at < $1.at : $0.id < $1.id }
                histories[index].events = read[start..<end].map(\.event)
                start = end
            }
        }
    }
}
