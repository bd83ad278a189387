import Foundation
import NurtureCore
import Synchronization

/// How the send loop hears that there is work: events arrived (for these contacts), or someone asked
/// for a full pass. A wake-up while the loop is busy is kept, so nothing that arrives mid-run is missed.
public final class SendLoopWakeup: Sendable {
    /// More contacts than this waiting: one pass over everyone is cheaper than one pass each.
    public static let targetedLimit = 64

    /// What the loop should look at when it wakes.
    public struct Work: Hashable, Sendable {
        /// Contacts whose events arrived; the loop plans just them (a thank-you goes out at once).
        public var contacts: Set<EmailAddress> = []
        /// Plan everyone (too many contacts named, or asked for).
        public var everyone = false
        public var isEmpty: Bool { contacts.isEmpty && !everyone }
    }

    private struct State {
        var work = Work()
        var waiter: CheckedContinuation<Void, Never>?
        /// Which wait `waiter` belongs to: a timer ends only its own wait, never a later one.
        var generation: UInt64 = 0
        /// `interrupt()` was called (shutdown): every wait from now on returns at once.
        var interrupted = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Events for `contacts` were stored: wake the loop to plan them.
    public func wake(contacts: some Sequence<EmailAddress>) {
        signal { work in
            work.contacts.formUnion(contacts)
            if work.contacts.count > Self.targetedLimit {
                work.everyone = true
                work.contacts = []
            } else if work.everyone {
                work.contacts = []
            }
        }
    }

    /// Wake the loop for a pass over everyone.
    public func wakeForEveryone() {
        signal { work in
            work.everyone = true
            work.contacts = []
        }
    }

    /// The work gathered since the last call, which it clears.
    func take() -> Work {
        state.withLock { state in
            defer { state.work = Work() }
            return state.work
        }
    }

    /// Returns when there is work, after `timeout`, when the task is cancelled, or once `interrupt()` was
    /// called, whichever comes first.
    func wait(timeout: Duration) async {
        guard timeout > .zero else { return }
        let generation = state.withLock { state in
            state.generation &+= 1
            return state.generation
        }
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.end(generation: generation)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    // Work already waiting, shut down, cancelled, or the timer already fired for this wait.
                    if !state.work.isEmpty || state.interrupted || state.generation != generation || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            end(generation: generation)
        }
    }

    /// Ends the current wait and every later one at once (shutdown).
    func interrupt() {
        let waiter = state.withLock { state in
            state.interrupted = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Ends wait number `generation` if it is still the one waiting (its timer, its cancellation).
    private func end(generation: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation else { return nil }
            // A wait that has not installed its continuation yet sees the new generation and returns.
            state.generation &+= 1
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    private func signal(_ change: (inout Work) -> Void) {
        let waiter = state.withLock { state in
            change(&state.work)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
