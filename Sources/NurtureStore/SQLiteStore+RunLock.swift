#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NurtureCore

extension SQLiteStore {
    /// A file store locks `<database>.lock` (see `FileRunLock`), so runs in other processes, and other
    /// stores on the same file in this one, see it; an in-memory store locks a flag of its own.
    public func lockRun() throws -> any RunLock {
        let formatter = ISO8601DateFormatter()
        let holder = "pid \(getpid()), started \(formatter.string(from: now()))"
        if isInMemory {
            return try processRunLock.take(holder: holder)
        }
        return try FileRunLock.acquire(path: runLockPath, holder: holder)
    }

    /// The run lock's file, next to the database.
    /// Beside the database, named after its real path (symbolic links resolved), so two spellings of one
    /// store share one lock.
    public var runLockPath: String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path + ".lock" }

    var isInMemory: Bool { path.isEmpty || path == ":memory:" }
}
