import Foundation
import GRDB
import NurtureCore

/// The `NurtureStore` on SQLite, through GRDB.
///
/// A file opens as a `DatabasePool` in WAL mode with `synchronous = FULL` (a send recorded as done
/// survives a power cut), foreign keys on and a busy timeout; tests use `inMemory()`. Opening
/// migrates the schema to the current version.
public final class SQLiteStore: NurtureStore {
    let writer: any DatabaseWriter
    /// The database file, or `:memory:`, for messages.
    let path: String
    /// The clock for `created_at` / `updated_at`.
    let now: @Sendable () -> Date
    /// The run lock of an in-memory store (a file store locks a file instead).
    let processRunLock = ProcessRunLockSlot()

    /// WAL pages after which a commit copies them into the database file (SQLite's default is 1,000). A run
    /// commits a few pages per message, and each checkpoint costs the committing thread a write of every page
    /// it copies and an fsync of the database file; but until the WAL first wraps, every commit also grows the
    /// file, and its fsync then writes the inode too. 2,500 pages (a WAL of about 10 MB at 4 KiB pages) measured
    /// best at one connection on 10k contacts among 1,000, 2,500 and 10,000, and as 10,000 on 100k.
    static let checkpointPages = 2_500

    /// How long a write waits for another process holding the database before giving up.
    public static let busyTimeout: TimeInterval = 10

    public convenience init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
            // The pool sets `synchronous = NORMAL` when it turns WAL on, after `prepareDatabase`.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
            }
        } catch {
            throw StoreError(.cannotOpen, path: path, message: "cannot open the database: \(Self.describe(error))")
        }
        try self.init(writer: pool, path: path, now: now)
    }

    /// A private database in memory, for tests.
    public static func inMemory(now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> SQLiteStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            throw StoreError(.cannotOpen, path: ":memory:", message: "cannot open the database: \(describe(error))")
        }
        return try SQLiteStore(writer: queue, path: ":memory:", now: now)
    }

    /// Opens an existing store for reading only: nothing, not even the file's header, is written.
    /// Commands that only look (plan, preview, simulate, ledger) use it.
    public convenience init(readingAt path: String, now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        let pool: DatabasePool
        do {
            var configuration = Self.configuration()
            configuration.readonly = true
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.cannotOpen, path: path, message: "cannot open the database: \(Self.describe(error))")
        }
        try self.init(writer: pool, path: path, now: now, migrate: false)
    }

    /// A store on any GRDB writer (pool or queue), migrated to the current schema; with `migrate: false`
    /// (read-only), a store whose schema is not current is an error instead.
    public init(writer: any DatabaseWriter, path: String, now: @escaping @Sendable () -> Date = { Date() }, migrate: Bool = true) throws(StoreError) {
        self.writer = writer
        self.path = path
        self.now = now
        let migrator = Schema.migrator
        do {
            if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(
                    .newerSchema, path: path,
                    message: "the database was written by a newer version of nurture; upgrade nurture to use it")
            }
            guard migrate else {
                if try !writer.read({ try migrator.hasCompletedMigrations($0) }) {
                    throw StoreError(
                        .migrationFailed, path: path,
                        message: "the database is from an older nurture; run any command that writes (nurture import …) to upgrade it")
                }
                return
            }
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.migrationFailed, path: path, message: "cannot migrate the database: \(Self.describe(error))")
        }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return "\(error)"
    }

    public func contactCount() throws -> Int {
        try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM contact") ?? 0 }
    }
}
