import Foundation
import NurtureCore
import Synchronization

/// The run lock of an in-memory store: a flag in this process, which is all such a store can share.
final class ProcessRunLockSlot: Sendable {
    private struct State {
        var holder: String?
        var token: UInt64 = 0
        var nextToken: UInt64 = 0
    }

    private let state = Mutex(State())

    func take(holder text: String) throws(RunLockError) -> ProcessRunLock {
        let token: UInt64? = state.withLock { state in
            guard state.holder == nil else { return nil }
            state.nextToken += 1
            state.holder = text
            state.token = state.nextToken
            return state.token
        }
        guard let token else { throw RunLockError(holder: state.withLock { $0.holder } ?? "holder unknown") }
        return ProcessRunLock(slot: self, token: token)
    }

    /// Frees the slot if `token` still holds it: releasing twice, or after another took it, does nothing.
    func release(token released: UInt64) {
        state.withLock { state in
            guard state.holder != nil, state.token == released else { return }
            state.holder = nil
        }
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
