#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

struct SQLiteStoreRunLockTests {
    static let python = "/usr/bin/python3"

    @Test func aSecondStoreOnTheSameFileCannotTakeTheLock() throws {
        let directory = try TestStore.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nurture.sqlite").path
        let one = try SQLiteStore(path: path, now: { TestTime.at("2026-03-01T12:00:00Z") })
        let two = try SQLiteStore(path: path, now: { TestTime.at("2026-03-01T13:00:00Z") })
        #expect(one.runLockPath == path + ".lock")

        let lock = try one.lockRun()
        let error = try #require(throws: RunLockError.self) { try two.lockRun() }
        #expect(error.holder == "pid \(getpid()), started 2026-03-01T12:00:00Z")
        #expect(error.description.contains("another nurture run is using this store (pid \(getpid())"))
        #expect(throws: RunLockError.self, "the same store cannot take it twice either") { try one.lockRun() }

        lock.release()
        let second = try two.lockRun()
        #expect(try String(contentsOfFile: one.runLockPath, encoding: .utf8) == "pid \(getpid()), started 2026-03-01T13:00:00Z")
        lock.release()   // twice: harmless, and does not free the new holder's lock
        #expect(throws: RunLockError.self) { try one.lockRun() }
        second.release()
        second.release()
        try one.lockRun().release()
    }

    @Test func droppingTheLastReferenceReleasesTheLock() throws {
        let directory = try TestStore.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("nurture.sqlite").path)
        do {
            let lock = try store.lockRun()
            #expect(throws: RunLockError.self) { try store.lockRun() }
            _ = lock
        }
        try store.lockRun().release()
    }

    @Test func anInMemoryStoreLocksInProcess() throws {
        let store = try SQLiteStore.inMemory(now: { TestTime.at("2026-03-01T12:00:00Z") })
        let other = try SQLiteStore.inMemory()
        let lock = try store.lockRun()
        let error = try #require(throws: RunLockError.self) { try store.lockRun() }
        #expect(error.holder == "pid \(getpid()), started 2026-03-01T12:00:00Z")
        let unrelated = try other.lockRun()   // another in-memory database: another lock
        lock.release()
        let again = try store.lockRun()
        lock.release()   // an old holding never frees a newer one
        #expect(throws: RunLockError.self) { try store.lockRun() }
        again.release()
        unrelated.release()
        try store.lockRun().release()
    }

    /// A process holding the lock is killed with SIGKILL: the kernel frees its lock, and the next run
    /// takes it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)), .timeLimit(.minutes(1)))
    func theLockDiesWithAKilledProcess() throws {
        let directory = try TestStore.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("nurture.sqlite").path)

        let child = Process()
        child.executableURL = URL(fileURLWithPath: Self.python)
        child.arguments = ["-c", """
            import fcntl, os, sys, time
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX)
            f.seek(0)
            f.truncate()
            f.write("pid %d, python child" % os.getpid())
            f.flush()
            time.sleep(60)
            """, store.runLockPath]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer {
            if child.isRunning { kill(child.processIdentifier, SIGKILL) }
        }

        // Wait (at most 15 s) until the child holds the lock and has written its name.
        var holder: String?
        let deadline = Date().addingTimeInterval(15)
        while holder == nil, Date() < deadline, child.isRunning {
            do {
                try store.lockRun().release()
            } catch let error as RunLockError where error.holder.hasSuffix("python child") {
                holder = error.holder
                break
            } catch is RunLockError {
                // Locked, but the name is not written yet.
            }
            usleep(20_000)
        }
        #expect(holder == "pid \(child.processIdentifier), python child")
        #expect(throws: RunLockError.self) { try store.lockRun() }

        kill(child.processIdentifier, SIGKILL)
        let exitDeadline = Date().addingTimeInterval(15)
        while child.isRunning, Date() < exitDeadline { usleep(20_000) }
        #expect(!child.isRunning)
        #expect(child.terminationReason == .uncaughtSignal)

        let lock = try store.lockRun()
        #expect(try String(contentsOfFile: store.runLockPath, encoding: .utf8).hasPrefix("pid \(getpid()), started "))
        lock.release()
    }
}
