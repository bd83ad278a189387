import GRDB
import NurtureCore

extension SQLiteStore: EventIntake {
    /// How long an idempotency key is remembered.
    static let intakeKeyDays: Int64 = 7

    public func intake(contacts: [ContactRecord], events: [EventRecord], newContactsOnly: Bool, idempotencyKey: String?) throws -> IntakeResult {
        let timestamp = StoredDate.milliseconds(now())
        let path = self.path
        return try writer.write { db in
            var result = IntakeResult()
            if let idempotencyKey {
                try db.execute(sql: "DELETE FROM intake_key WHERE at < ?", arguments: [timestamp - Self.intakeKeyDays * 86_400_000])
                try db.execute(sql: "INSERT OR IGNORE INTO intake_key (key, at) VALUES (?, ?)", arguments: [idempotencyKey, timestamp])
                if db.changesCount == 0 {
                    result.replayed = true
                    result.duplicateEvents = events.count
                    return result
                }
            }
            // The events' own addresses first, as bare contacts (an upsert with no fields changes nothing
            // stored); then the posted contact fields over them.
            let suppressing: Set<EventType> = [.unsubscribed, .bounced, .complained]
            let contacts = try newContactsOnly ? contacts.filter { try ContactRow.fetch(db, email: $0.email.value, path: path) == nil } : contacts
            let bare = events.filter { !suppressing.contains($0.event.type) }.map { ContactRecord(email: $0.email) }
            let created = try Self.importContacts(ArrayRowSource(bare + contacts), in: db, at: timestamp, path: path)
            result.newContacts = created.imported
            for event in events {
                let report = try Self.importEvents(ArrayRowSource([event]), in: db)
                if let rejection = report.rejected.first {
                    // Cannot happen for a contact created above; refuse the whole request rather than store part of it.
                    throw StoreError(.corruptData, path: path, message: "event for \(event.email): \(rejection.reason)")
                }
                result.newEvents += report.imported
                result.duplicateEvents += report.unchanged
                if report.imported > 0 { result.contactsWithNewEvents.insert(event.email) }
            }
            return result
        }
    }
}
