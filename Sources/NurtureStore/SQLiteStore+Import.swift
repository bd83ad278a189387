import GRDB
import NurtureCore

extension SQLiteStore {
    public func importContacts<Source: RowSource>(_ rows: Source) throws -> ImportReport
    where Source.Record == ContactRecord {
        var rows = rows
        let timestamp = StoredDate.milliseconds(now())
        let path = self.path
        return try writer.write { db in
            var report = ImportReport()
            while let row = try rows.next() {
                switch row.result {
                case let .failure(rejection):
                    report.rejected.append(rejection)
                case let .success(record):
                    if let stored = try ContactRow.fetch(db, email: record.email.value, path: path) {
                        let merged = stored.merging(record)
                        if merged == stored {
                            report.unchanged += 1
                        } else {
                            try merged.update(db, at: timestamp)
                            report.updated += 1
                        }
                    } else {
                        try ContactRow(record).insert(db, at: timestamp)
                        report.imported += 1
                    }
                }
            }
            return report
        }
    }

    public func importEvents<Source: RowSource>(_ rows: Source) throws -> ImportReport
    where Source.Record == EventRecord {
        var rows = rows
        return try writer.write { db in
            var report = ImportReport()
            let findContact = try db.cachedStatement(sql: "SELECT id FROM contact WHERE email = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO event (contact_id, type, at, content, content_key, properties)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (contact_id, type, at, content_key) DO NOTHING
                """)
            while let row = try rows.next() {
                switch row.result {
                case let .failure(rejection):
                    report.rejected.append(rejection)
                case let .success(record):
                    guard let contactID = try Int64.fetchOne(findContact, arguments: [record.email.value]) else {
                        report.rejected.append(RowRejection(
                            line: row.line, reason: "no contact with email \(record.email); import contacts first"))
                        continue
                    }
                    let event = record.event
                    try insert.execute(arguments: [
                        contactID, event.type.rawValue, StoredDate.milliseconds(event.at), event.content,
                        event.content ?? "", StoredJSON.encode(event.properties),
                    ])
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
