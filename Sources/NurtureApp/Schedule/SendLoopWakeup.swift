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
        /// An `interrupt()` that found no one waiting: the next `wait` returns at once.
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

    /// Returns when there is work, after `timeout`, or at `interrupt()`, whichever comes first.
    func wait(timeout: Duration) async {
        guard timeout > .zero else { return }
        let timer = Task { [weak self] in
            // Cancelled (the wait ended otherwise): no interrupt, or it would cut the next wait short.
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.interrupt()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if !state.work.isEmpty || state.interrupted {
                    state.interrupted = false
                    return true
                }
                state.waiter?.resume()
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Ends a `wait` now (shutdown, timeout).
    func interrupt() {
        let waiter = state.withLock { state in
            defer { state.waiter = nil }
            if state.waiter == nil { state.interrupted = true }
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
