import Foundation
import NurtureCore

/// The run lock of an in-memory store: a flag in this process, which is all such a store can share.
final class ProcessRunLockSlot: @unchecked Sendable {
    // `holder`, `token` and `nextToken` are only read or written while holding `lock`.
    private let lock = NSLock()
    private var holder: String?
    private var token: UInt64 = 0
    private var nextToken: UInt64 = 0

    func take(holder text: String) throws(RunLockError) -> ProcessRunLock {
        lock.lock()
        defer { lock.unlock() }
        if let holder { throw RunLockError(holder: holder) }
        nextToken += 1
        holder = text
        token = nextToken
        return ProcessRunLock(slot: self, token: token)
    }

    /// Frees the slot if `token` still holds it: releasing twice, or after another took it, does nothing.
    func release(token released: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        guard holder != nil, token == released else { return }
        holder = nil
    }
}

/// One holding of a `ProcessRunLockSlot`.
struct ProcessRunLock: RunLock {
    let slot: ProcessRunLockSlot
    let token: UInt64

    func release() {
        slot.release(token: token)
    }
}
