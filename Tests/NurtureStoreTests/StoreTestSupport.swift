import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

/// Where a test's store lives: one test body runs on both.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file
    case memory

    var testDescription: String { rawValue }
}

/// A store for one test, and its temporary folder (removed by `close()`).
struct TestStore {
    let store: SQLiteStore
    let directory: URL?

    init(_ kind: StoreKind, now: Date = TestTime.at("2026-03-01T12:00:00Z")) throws {
        switch kind {
        case .memory:
            store = try SQLiteStore.inMemory(now: { now })
            directory = nil
        case .file:
            let directory = try TestStore.makeDirectory()
            store = try SQLiteStore(path: directory.appendingPathComponent("nurture.sqlite").path, now: { now })
            self.directory = directory
        }
    }

    private init(store: SQLiteStore, directory: URL) {
        self.store = store
        self.directory = directory
    }

    static func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nurture-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func close() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A file store as an older nurture left it: migrated up to `migration` only, `sql` run on that schema, then
    /// opened as today's store (which migrates it the rest of the way).
    static func older(upTo migration: String, sql: String) throws -> TestStore {
        let directory = try makeDirectory()
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: migration)
            try queue.write { try $0.execute(sql: sql) }
        }
        return TestStore(store: try SQLiteStore(path: path), directory: directory)
    }
}

/// Rows from an array; throws `error` after the rows when one is given (a whole-file problem).
struct ArraySource<Record: Sendable>: RowSource {
    var rows: [ImportRow<Record>]
    var error: (any Error)?
    private var index = 0

    init(_ rows: [ImportRow<Record>], thenThrow error: (any Error)? = nil) {
        self.rows = rows
        self.error = error
    }

    mutating func next() throws -> ImportRow<Record>? {
        guard index < rows.count else {
            if let error { throw error }
            return nil
        }
        defer { index += 1 }
        return rows[index]
    }
}

struct SourceBroke: Error {}

func email(_ text: String) -> EmailAddress {
    // Test literals are valid addresses.
    try! EmailAddress(text, policy: .reservedDomainsAllowed)
}

func contactRows(_ records: [ContactRecord]) -> ArraySource<ContactRecord> {
    ArraySource(records.enumerated().map { ImportRow(line: $0.offset + 2, record: $0.element) })
}

func eventRows(_ records: [EventRecord]) -> ArraySource<EventRecord> {
    ArraySource(records.enumerated().map { ImportRow(line: $0.offset + 2, record: $0.element) })
}
