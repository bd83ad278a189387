import Foundation
import NurtureCore
import Synchronization

/// Writes a run's ledger changes on a thread of its own, in durable transactions that each take everything
/// queued since the last one (group commit).
///
/// A message about to go out is queued `sending` as its transaction starts (`ticket`, then the transport's
/// `DeliveryGate.transactionStarts`), or at once when it is marked ahead (`markSending`); the ticket is its
/// transport's gate: the envelope and the body go out while the transaction commits, and the final dot waits
/// for it. A message handed to a transport that never starts it is never marked. A transaction starts once
/// `eagerMarks` marks are queued (one per connection: at one connection, at once) and no more messages run than
/// connections, or as soon as a message waits at its gate for a mark still queued, so several connections'
/// marks share one flush. A connection that starts its next message before the send loop heard of the one
/// before (`MailTransport.messagesAhead`) runs one more: that mark waits for the outcome before it, and both go
/// in one transaction. Outcomes are queued as they come (`record`) without a transaction of their own: they go
/// with the next marks, or with `flush`. Transactions commit in the order things were queued, so by the time a
/// message is durably `sending`, the outcomes of every message that finished before it was queued are durable
/// too: at one connection a crash leaves at most one entry `sending`, at K connections at most K (plus the
/// messages `SendDispatcher` marks ahead once `waited` says the ledger does not keep up).
///
/// After a failed transaction nothing more is committed: tickets not yet durable stay shut (their transactions
/// are abandoned before the final dot) and `flush` throws the error; `salvage` then records the outcomes the
/// failed transactions held, without their marks. Every mutable field is guarded by `condition`, on which only
/// the committing thread waits: a gate waits on a semaphore of its own, signalled once its transaction is durable
/// (or has failed), so a commit wakes exactly the connections it lets through.
final class LedgerCommitter: @unchecked Sendable {
    /// A message's mark, queued when its transaction starts (or when it was made, by `markSending`); open once
    /// the transaction that holds the mark is durable. `sequence` is guarded by the committer's `condition`.
    final class Ticket: DeliveryGate, @unchecked Sendable {
        let committer: LedgerCommitter
        let id: Int64
        let usage: [UsageIncrement]
        let at: Date
        /// The mark's place in the queue; nil until it is queued.
        fileprivate var sequence: UInt64?

        fileprivate init(committer: LedgerCommitter, id: Int64, usage: [UsageIncrement], at: Date) {
            self.committer = committer
            self.id = id
            self.usage = usage
            self.at = at
        }

        func transactionStarts() { committer.queueMark(self, starting: true) }

        /// A gate asked before its transaction said it started queues the mark first: it never opens unmarked.
        func waitUntilOpen() -> Bool { committer.waitDurable(committer.queueMark(self)) }
    }

    /// A gate waiting for its transaction: the committer sets `opened` (under `condition`) and then signals, so
    /// the gate's thread reads it after its wait without taking the lock again.
    private final class BlockedGate: @unchecked Sendable {
        let sequence: UInt64
        let semaphore = DispatchSemaphore(value: 0)
        var opened = false

        init(sequence: UInt64) { self.sequence = sequence }
    }

    private struct Batch {
        var updates: [LedgerUpdate] = []
        var sending: [Int64] = []
        var usage: [UsageIncrement] = []
        var at = Date.distantPast

        var isEmpty: Bool { updates.isEmpty && sending.isEmpty && usage.isEmpty }
    }

    /// One durable transaction: the counters, the outcomes, then the marks (`SendLedger.commit`).
    typealias Commit = @Sendable (_ updates: [LedgerUpdate], _ sending: [Int64], _ usage: [UsageIncrement], _ at: Date) throws -> Void

    private let commit: Commit
    /// Queued marks that start a transaction without waiting for a gate to ask.
    private let eagerMarks: Int
    private let condition = NSCondition()
    private var queued = Batch()
    /// Numbers the marks and flushes queued so far; `durable` is the last one committed.
    private var queuedSequence: UInt64 = 0
    private var durable: UInt64 = 0
    /// The highest sequence a gate waits for.
    private var wanted: UInt64 = 0
    /// Messages whose transaction started (`Ticket.transactionStarts`) and whose outcome is not recorded yet.
    private var running: Set<Int64> = []
    /// How long gates have waited for their transaction, in all, in nanoseconds: each blocked gate's thread adds
    /// its wait, from the moment it blocked to the moment it runs again, without taking the lock.
    private let waitedSoFar = Atomic<Int64>(0)
    /// A transaction is being committed: a flush waits for it too.
    private var committing = false
    private var failure: (any Error)?
    /// Outcomes of the transactions that failed and of what was queued after, for `salvage`.
    private var unrecorded: [LedgerUpdate] = []
    private var closed = false
    private var waiters: [(sequence: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    /// Gates blocked until the transaction holding their mark is durable or has failed.
    private var gates: [BlockedGate] = []

    /// Starts the committing thread; it holds the committer until `close`.
    convenience init(store: any SendLedger, eagerMarks: Int = 1) {
        self.init(eagerMarks: eagerMarks) { updates, sending, usage, at in
            try store.commit(updates, sending: sending, usage: usage, at: at)
        }
    }

    init(eagerMarks: Int = 1, commit: @escaping Commit) {
        self.commit = commit
        self.eagerMarks = max(1, eagerMarks)
        let thread = Thread {
            Thread.current.name = "nurture-ledger"
            self.work()
        }
        thread.name = "nurture-ledger"
        thread.start()
    }

    /// How long messages have waited at their gate for the transaction holding their mark, in all: the ledger
    /// not keeping up with the relay.
    var waited: Duration { .nanoseconds(waitedSoFar.load(ordering: .relaxed)) }

    /// The first transaction that failed, if one did.
    var error: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Queues an outcome; it is committed with the next mark or flush. A message that ended while its mark was
    /// still queued (refused before its data, say) never passed its gate, so it cannot have been delivered: its
    /// mark is dropped and the outcome alone recorded (a transaction applies outcomes before marks).
    func record(_ update: LedgerUpdate) {
        condition.lock()
        if failure != nil {
            unrecorded.append(update)
        } else {
            if let index = queued.sending.firstIndex(of: update.id) { queued.sending.remove(at: index) }
            queued.updates.append(update)
            // The marks held for this outcome may go now.
            if running.remove(update.id) != nil, hasWork { condition.signal() }
        }
        condition.unlock()
    }

    /// The gate of a message about to be handed to a transport: `id` is queued to be marked `sending`, with
    /// `usage` added to the relay's counters, when its transaction starts.
    func ticket(_ id: Int64, usage: [UsageIncrement], at: Date) -> Ticket {
        Ticket(committer: self, id: id, usage: usage, at: at)
    }

    /// Queues `id` to be marked `sending` now (a message marked ahead of the connections), with `usage` added to
    /// the relay's counters, after every outcome queued so far; the ticket opens once that is durable.
    func markSending(_ id: Int64, usage: [UsageIncrement], at: Date) -> Ticket {
        let ticket = Ticket(committer: self, id: id, usage: usage, at: at)
        queueMark(ticket)
        return ticket
    }

    /// Queues the ticket's mark after every outcome queued so far, unless it is queued already; its sequence.
    /// `starting`: its transaction starts, and it counts as running until its outcome is recorded.
    @discardableResult
    fileprivate func queueMark(_ ticket: Ticket, starting: Bool = false) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        if starting { running.insert(ticket.id) }
        if let sequence = ticket.sequence { return sequence }
        queuedSequence += 1
        ticket.sequence = queuedSequence
        if failure == nil {
            queued.sending.append(ticket.id)
            for increment in ticket.usage {
                if let index = queued.usage.firstIndex(where: { $0.key == increment.key && $0.period == increment.period }) {
                    queued.usage[index].count += increment.count
                } else {
                    queued.usage.append(increment)
                }
            }
            queued.at = max(queued.at, ticket.at)
            if queued.sending.count >= eagerMarks { condition.signal() }
        }
        return queuedSequence
    }

    /// Commits what is queued and returns once it is durable; throws the error of a failed transaction.
    func flush() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if let failure {
                condition.unlock()
                continuation.resume(throwing: failure)
                return
            }
            if queued.isEmpty && !committing {
                condition.unlock()
                continuation.resume()
                return
            }
            queuedSequence += 1
            waiters.append((queuedSequence, continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// After a failure: records the outcomes that were not, in one transaction of their own (no marks, no
    /// counters: the messages marked there were abandoned before their end). Throws if that fails too.
    func salvage(at: Date) throws {
        condition.lock()
        let updates = unrecorded + queued.updates
        unrecorded = []
        queued = Batch()
        condition.unlock()
        try commit(updates, [], [], at)
    }

    /// Stops the thread once what is queued is committed (or has failed). Call `flush` first to hear of errors.
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// Blocks until the transaction holding `sequence` is durable (true) or has failed (false).
    fileprivate func waitDurable(_ sequence: UInt64) -> Bool {
        condition.lock()
        guard durable < sequence, failure == nil else {
            defer { condition.unlock() }
            return durable >= sequence
        }
        if sequence > wanted {
            wanted = sequence
            condition.signal()
        }
        let gate = BlockedGate(sequence: sequence)
        gates.append(gate)
        condition.unlock()
        let start = ContinuousClock.now
        gate.semaphore.wait()
        let waited = (ContinuousClock.now - start).components
        waitedSoFar.add(waited.seconds * 1_000_000_000 + waited.attoseconds / 1_000_000_000, ordering: .relaxed)
        return gate.opened
    }

    /// A flush waits, or marks are queued that a waiting gate calls for, or `eagerMarks` of them while no more
    /// messages run than `eagerMarks` (one whose transaction started before the outcome of the one before it was
    /// recorded waits for that outcome, so the two are never durably `sending` at once). Outcomes alone wait.
    private var hasWork: Bool {
        if !waiters.isEmpty { return true }
        guard !queued.sending.isEmpty else { return false }
        if wanted > durable { return true }
        return queued.sending.count >= eagerMarks && running.count <= eagerMarks
    }

    private func work() {
        condition.lock()
        while true {
            while !hasWork && !closed { condition.wait() }
            if queued.isEmpty && waiters.isEmpty && closed { break }
            let batch = queued
            let through = queuedSequence
            queued = Batch()
            committing = true
            condition.unlock()
            var error: (any Error)?
            do {
                try commit(batch.updates, batch.sending, batch.usage, batch.at)
            } catch let failed {
                error = failed
            }
            condition.lock()
            committing = false
            let ready: [CheckedContinuation<Void, any Error>]
            let released: [BlockedGate]
            if let error {
                failure = error
                unrecorded = batch.updates + queued.updates
                queued = Batch()
                ready = waiters.map(\.continuation)
                waiters = []
                released = gates
                gates = []
            } else {
                durable = through
                ready = waiters.filter { $0.sequence <= through }.map(\.continuation)
                waiters.removeAll { $0.sequence <= through }
                released = gates.filter { $0.sequence <= through }
                gates.removeAll { $0.sequence <= through }
            }
            for gate in released { gate.opened = error == nil }
            condition.unlock()
            for gate in released { gate.semaphore.signal() }
            for continuation in ready {
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
            condition.lock()
            if failure != nil {
                // Nothing more is committed; tickets and flushes hear of the failure at once.
                while !closed { condition.wait() }
                break
            }
        }
        condition.unlock()
    }
}
