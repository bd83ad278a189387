import GRDB
import NurtureCore

extension SQLiteStore {
    public func importContacts<Source: RowSource>(_ rows: Source) throws -> ImportReport
    where Source.Record == ContactRecord {
        let timestamp = StoredDate.milliseconds(now())
        let path = self.path
        return try writer.write { db in try Self.importContacts(rows, in: db, at: timestamp, path: path) }
    }

    static func importContacts<Source: RowSource>(_ rows: Source, in db: Database, at timestamp: Int64, path: String) throws -> ImportReport
    where Source.Record == ContactRecord {
        var rows = rows
        var report = ImportReport()
        // Rows go in batches: one query finds the stored contacts of a whole batch.
        var batch: [ImportRow<ContactRecord>] = []
        batch.reserveCapacity(StoredContactBatch.size)
        // The custom field names this import has recorded in `contact_field` (the only writer of contacts).
        var fieldNames: Set<String> = []
        let recordFieldName = try db.cachedStatement(sql: "INSERT OR IGNORE INTO contact_field (name) VALUES (?)")
        var endOfRows = false
        while !endOfRows {
            batch.removeAll(keepingCapacity: true)
            while batch.count < StoredContactBatch.size {
                guard let row = try rows.next() else {
                    endOfRows = true
                    break
                }
                batch.append(row)
            }
            let emails = batch.compactMap { try? $0.result.get().email.value }
            var stored = try StoredContactBatch(db, emails: emails, path: path)
            for row in batch {
                switch row.result {
                case let .failure(rejection):
                    report.rejected.append(rejection)
                case let .success(record):
                    for warning in record.warnings { report.warnings.append(RowRejection(line: row.line, reason: warning)) }
                    for name in record.customFields.keys where !fieldNames.contains(name) {
                        try recordFieldName.execute(arguments: [name])
                        fieldNames.insert(name)
                    }
                    if let current = try stored.stored(email: record.email.value, in: db) {
                        let merged = current.merging(record)
                        if merged == current {
                            report.unchanged += 1
                        } else {
                            try merged.update(db, at: timestamp)
                            stored.wrote(email: record.email.value)
                            report.updated += 1
                        }
                    } else {
                        try ContactRow(record).insert(db, at: timestamp)
                        stored.wrote(email: record.email.value)
                        report.imported += 1
                    }
                }
            }
        }
        return report
    }

    public func importEvents<Source: RowSource>(_ rows: Source) throws -> ImportReport
    where Source.Record == EventRecord {
        try writer.write { db in try Self.importEvents(rows, in: db) }
    }

    static func importEvents<Source: RowSource>(_ rows: Source, in db: Database) throws -> ImportReport
    where Source.Record == EventRecord {
        var rows = rows
        do {
            var report = ImportReport()
            let findContact = try db.cachedStatement(sql: "SELECT id FROM contact WHERE email = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO event (contact_id, type, at, content, content_key, properties)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (contact_id, type, at, content_key) DO NOTHING
                """)
            let suppress = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO suppression (email, campaign, cause, reason, at) VALUES (?, '', ?, ?, ?)
                """)
            // Unsubscribes, hard bounces and complaints suppress the address for every campaign, even
            // when it is not a contact (yet): it must never be emailed, whenever it is imported.
            let suppresses: Set<EventType> = [.unsubscribed, .bounced, .complained]
            // Event files usually list a contact's events together: the last lookup answers the next row.
            var last: (email: String, id: Int64)?
            while let row = try rows.next() {
                switch row.result {
                case let .failure(rejection):
                    report.rejected.append(rejection)
                case let .success(record):
                    var suppressed = false
                    if suppresses.contains(record.event.type) {
                        suppress.setUncheckedArguments([
                            // The three event types are the causes of the same names.
                            record.email.value, record.event.type.rawValue, "\(record.event.type.rawValue) (imported event)",
                            StoredDate.milliseconds(record.event.at),
                        ])
                        try suppress.execute()
                        suppressed = db.changesCount > 0
                    }
                    let found: Int64?
                    if let last, last.email == record.email.value {
                        found = last.id
                    } else {
                        found = try Int64.fetchOne(findContact, arguments: [record.email.value])
                        last = found.map { (record.email.value, $0) }
                    }
                    guard let contactID = found else {
                        if suppresses.contains(record.event.type) {
                            if suppressed { report.imported += 1 } else { report.unchanged += 1 }
                        } else {
                            report.rejected.append(RowRejection(
                                line: row.line, reason: "no contact with email \(record.email); import contacts first"))
                        }
                        continue
                    }
                    let event = record.event
                    // Set, then executed: `execute(arguments:)` would check the arguments against the statement again.
                    insert.setUncheckedArguments([
                        contactID, event.type.rawValue, StoredDate.milliseconds(event.at), event.content,
                        event.content ?? "", StoredJSON.encode(event.properties),
                    ])
                    try insert.execute()
                    if db.changesCount > 0 {
                        report.imported += 1
                    } else {
                        report.unchanged += 1
                    }
                }
            }
            return report
        }
    }

    public func contact(email: EmailAddress) throws -> Contact? {
        let path = self.path
        return try writer.read { db in
            try ContactRow.fetch(db, email: email.value, path: path)?.contact(path: path)
        }
    }
}
