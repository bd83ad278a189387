import Foundation
import NurtureCore

/// Sends claimed messages in waves of one per connection, recording outcomes in the ledger in batches:
/// each wave's `sending` mark shares a transaction with the previous wave's outcomes.
struct WaveDispatcher {
    struct Item {
        let id: Int64
        /// Attempts before this one.
        let attempts: Int
        /// When the entry was claimed: retries give up by age, not only by count.
        let createdAt: Date
        let message: ComposedMessage
    }

    let service: RunService
    var summary = RunSummary()
    private var pending: [LedgerUpdate] = []

    init(service: RunService) { self.service = service }

    /// A fatal server reply, the `--limit`, or a cancelled task (Ctrl-C): stop before the next wave.
    var shouldStop: Bool {
        if Task.isCancelled { return true }
        return summary.fatal != nil || summary.reachedLimit
    }

    /// The part of `items` the `--limit` still allows; call right before sending them.
    mutating func withinLimit<T>(_ items: [T]) -> [T] {
        guard let limit = service.options.limit else { return items }
        let left = max(0, limit - summary.attempted)
        if items.count >= left { summary.reachedLimit = true }
        return Array(items.prefix(left))
    }

    /// Marks an entry as not to be sent (failed, not an attempt) with why.
    mutating func cancel(_ id: Int64, reason: String, at: Date) {
        pending.append(LedgerUpdate(id: id, state: .failed, reply: reason, at: at, countsAttempt: false))
    }

    mutating func send(_ items: [Item], progress: (RunSummary) -> Void) async throws {
        var start = items.startIndex
        while start < items.endIndex, summary.fatal == nil {
            if Task.isCancelled {
                summary.cancelled = true
                return
            }
            let wave = Array(items[start..<min(items.endIndex, start + service.options.connections)])
            start += wave.count
            try service.store.commit(pending, sending: wave.map(\.id), at: service.clock())
            pending.removeAll(keepingCapacity: true)
            let transport = service.transport
            let outcomes = await withTaskGroup(of: (Int, DeliveryOutcome).self) { group in
                for (index, item) in wave.enumerated() {
                    let outgoing = OutgoingMessage(ledgerID: item.id, envelope: item.message.envelope, bytes: item.message.bytes)
                    group.addTask { (index, await transport.send(outgoing)) }
                }
                var results = [DeliveryOutcome?](repeating: nil, count: wave.count)
                for await (index, outcome) in group { results[index] = outcome }
                return results.map { $0 ?? .unknown(reply: "no outcome reported") }
            }
            let now = service.clock()
            for (item, outcome) in zip(wave, outcomes) {
                pending.append(update(for: item, outcome: outcome, at: now))
            }
            progress(summary)
        }
    }

    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try service.store.commit(pending, sending: [], at: service.clock())
        pending.removeAll()
    }

    private mutating func update(for item: Item, outcome: DeliveryOutcome, at now: Date) -> LedgerUpdate {
        let reply = outcome.reply
        switch outcome {
        case .sent:
            summary.count(.sent)
            return LedgerUpdate(id: item.id, state: .sent, reply: reply, at: now)
        case .deferred:
            let retry = service.options.retry
            if let next = retry.nextAttempt(after: item.attempts + 1, entry: item.id, now: now, firstClaimed: item.createdAt) {
                summary.count(.deferred)
                return LedgerUpdate(id: item.id, state: .deferred, reply: reply, at: now, nextAttemptAt: next)
            }
            summary.count(.failed)
            return LedgerUpdate(id: item.id, state: .failed, reply: "gave up after \(item.attempts + 1) attempts: \(reply)", at: now)
        case .bounced:
            summary.count(.bounced)
            return LedgerUpdate(id: item.id, state: .bounced, reply: reply, at: now, suppressReason: "bounced: \(reply)")
        case .failed:
            summary.count(.failed)
            return LedgerUpdate(id: item.id, state: .failed, reply: reply, at: now)
        case .unknown:
            summary.count(.unknown)
            return LedgerUpdate(id: item.id, state: .unknown, reply: reply, at: now)
        case .refused:
            // A policy rejection of this message: it will not be tried again, and the next ones would meet
            // the same policy, so the run stops.
            summary.count(.failed)
            summary.fatal = reply
            return LedgerUpdate(id: item.id, state: .failed, reply: "refused by policy: \(reply)", at: now)
        case .unavailable:
            // The relay cannot take mail now: nothing about this message; back to the queue, no attempt counted.
            summary.fatal = "the SMTP relay is unavailable: \(reply)"
            return LedgerUpdate(id: item.id, state: .pending, reply: "not sent: the relay was unavailable: \(reply)", at: now, countsAttempt: false)
        case .fatal:
            // Nothing was delivered: back to pending, for the next run once the problem is fixed.
            summary.fatal = reply
            return LedgerUpdate(id: item.id, state: .pending, reply: "not sent: the server stopped the run: \(reply)", at: now, countsAttempt: false)
        }
    }
}
