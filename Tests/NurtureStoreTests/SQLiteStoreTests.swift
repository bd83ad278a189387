import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

struct SQLiteStoreTests {
    @Test(arguments: StoreKind.allCases)
    func migrationCreatesTheSchema(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let (tables, indexes, eventColumns, messageColumns) = try test.store.writer.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"),
                try db.columns(in: "event").map(\.name),
                try db.columns(in: "message").map(\.name)
            )
        }
        #expect(tables == ["bounce_report", "contact", "contact_field", "event", "grdb_migrations", "intake_key", "message", "pacing_counter", "stage_override", "suppression", "suppression_removal"])
        #expect(Set(indexes) == ["message_by_campaign_contact", "message_by_contact", "intake_key_by_at", "message_by_message_id", "stage_override_by_contact", "suppression_removal_by_email"])
        #expect(eventColumns == ["id", "contact_id", "type", "at", "content", "content_key", "properties"])
        #expect(messageColumns == [
            "id", "contact_id", "campaign", "step", "content_key", "content", "message_id", "state", "attempts",
            "last_reply", "created_at", "updated_at", "sent_at", "next_attempt_at", "kind",
        ])
        let foreignKeys = try test.store.writer.read { try $0.foreignKeys(on: "event") }
        #expect(foreignKeys.first?.destinationTable == "contact")
    }

    @Test func fileStoreUsesWALWithFullSynchronousAndForeignKeys() throws {
        let test = try TestStore(.file)
        defer { test.close() }
        let writerPragmas = try test.store.writer.writeWithoutTransaction { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
            )
        }
        #expect(writerPragmas.0 == "wal")
        #expect(writerPragmas.1 == 2)  // FULL
        #expect(writerPragmas.2 == 1)
        #expect(writerPragmas.3 == 2_500)
        let readerSynchronous = try test.store.writer.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        #expect(readerSynchronous == 2)
        #expect(test.store.writer is DatabasePool)
    }

    @Test func reopeningAFileKeepsTheData() throws {
        let directory = try TestStore.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nurture.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            _ = try store.importContacts(contactRows([ContactRecord(email: email("ann@example.com"))]))
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.contactCount() == 1)
    }

    @Test func unopenableDatabaseIsAStoreError() throws {
        let path = "/nonexistent-\(UUID().uuidString)/nurture.sqlite"
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.hasPrefix("\(path): cannot open the database") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func notADatabaseIsAStoreError() throws {
        let directory = try TestStore.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("notes.sqlite").path
        try Data(String(repeating: "this is not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .cannotOpen || error?.code == .migrationFailed)
    }

    @Test func databaseFromANewerVersionIsRefused() throws {
        let queue = try DatabaseQueue()
        _ = try SQLiteStore(writer: queue, path: "test.sqlite")
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        let error = #expect(throws: StoreError.self) { try SQLiteStore(writer: queue, path: "test.sqlite") }
        #expect(error?.code == .newerSchema)
    }
}
