import Foundation
import NurtureCore

/// Sends claimed messages over a sliding window of one message per connection, paced by the relay
/// pacer, recording outcomes in the ledger in batches.
///
/// Messages are marked `sending` durably a chunk (one per connection) at a time, in the same transaction
/// that records the outcomes known so far and adds to the relay's pacing counters; a connection that
/// finishes starts the next message at once (a slow transaction no longer idles the others). While the
/// marked messages all wait for their recipient domain's limits, a few more chunks are marked, so one
/// slow domain does not hold the others back. A crash leaves at most those chunks `unknown`. Marked messages the run did not start (it was stopped, a cap was
/// reached) go back to `pending`. A throttling deferral (421, 454, 450/451 that says so) halves the
/// relay's rate and is retried later in the same run, with the same Message-ID, at most twice.
struct SendDispatcher {
    struct Item: Sendable {
        let id: Int64
        /// Attempts before this one.
        let attempts: Int
        /// When the entry was claimed: retries give up by age, not only by count.
        let createdAt: Date
        let message: ComposedMessage
        /// Retries of this message inside this run.
        var retriesThisRun = 0

        var domain: String { message.envelope.recipient.domain }
        var sender: String { message.envelope.mailFrom.domain }
    }

    let service: RunService
    var summary = RunSummary()
    var pacer: RelayPacer
    private var pending: [LedgerUpdate] = []
    /// Throttled messages to try again in this run, and when.
    private var retries: [(item: Item, at: Date)] = []

    static let maxRetriesThisRun = 2
    /// How many chunks may be marked `sending` ahead of the connections while the marked ones wait for
    /// their domain's limits. A crash leaves at most these and the ones in flight `unknown`.
    static let lookaheadChunks = 4
    /// The longest a run sleeps for the rate before it gives up waiting and leaves the rest for the next run.
    static let longestWait: TimeInterval = 120

    init(service: RunService, pacer: RelayPacer) {
        self.service = service
        self.pacer = pacer
    }

    /// A fatal server reply, the `--limit`, a reached relay cap, or a cancelled task (Ctrl-C): stop.
    var shouldStop: Bool {
        if Task.isCancelled { return true }
        return summary.fatal != nil || summary.reachedLimit || summary.relayHold != nil || summary.stoppedAfterUnknown != nil
    }

    /// Stop starting messages (the `--limit` does not: it was applied to what was handed in).
    private var stopStarting: Bool {
        Task.isCancelled || summary.fatal != nil || summary.relayHold != nil || summary.stoppedAfterUnknown != nil
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

    private enum Event: Sendable {
        case done(Item, DeliveryOutcome)
        case tick
    }

    mutating func send(_ items: [Item], progress: (RunSummary) -> Void) async throws {
        var queue = items[...]
        var marked: [Item] = []   // `sending` in the ledger, not started yet
        let connections = service.options.connections
        let transport = service.transport
        try await withThrowingTaskGroup(of: Event.self) { group in
            var inFlight = 0
            var timerArmed = false
            while true {
                var wake: Date?
                // Start what the window and the pacer allow.
                while inFlight < connections && !stopStarting {
                    let now = service.clock()
                    if marked.isEmpty {
                        let chunk = nextChunk(from: &queue, size: connections, now: now)
                        if chunk.isEmpty { break }
                        try markSending(chunk, at: now)
                        marked = chunk
                    }
                    var started = false
                    var index = 0
                    while index < marked.count {
                        let item = marked[index]
                        switch pacer.admit(sender: item.sender, domain: item.domain, now: now) {
                        case .now:
                            marked.remove(at: index)
                            pacer.started(sender: item.sender, domain: item.domain, now: now)
                            let outgoing = OutgoingMessage(ledgerID: item.id, envelope: item.message.envelope, bytes: item.message.bytes)
                            group.addTask { .done(item, await transport.send(outgoing)) }
                            inFlight += 1
                            started = true
                            index = marked.count   // one start per pass: the pacer is asked again
                        case let .after(date):
                            wake = min(wake ?? date, date)
                            index += 1
                        case .domainBusy:
                            index += 1
                        case let .capped(hold):
                            summary.relayHold = hold
                            index = marked.count
                        }
                    }
                    if !started {
                        // Everything marked waits for its domain: mark more (a few chunks at most), so that one
                        // slow domain does not hold the other domains' mail behind it.
                        guard summary.relayHold == nil, marked.count < connections * Self.lookaheadChunks else { break }
                        let chunk = nextChunk(from: &queue, size: connections, now: now)
                        if chunk.isEmpty { break }
                        try markSending(chunk, at: now)
                        marked += chunk
                    }
                }
                if inFlight == 0 {
                    if stopStarting || (marked.isEmpty && queue.isEmpty && retries.isEmpty) { break }
                    // Nothing in flight: wait for the rate, or for the next in-run retry.
                    let next = [wake, retries.map(\.at).min()].compactMap { $0 }.min()
                    guard let next else { break }
                    let delay = next.timeIntervalSince(service.clock())
                    if delay > Self.longestWait { break }
                    if delay > 0 {
                        do { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) } catch { summary.cancelled = true; break }
                    }
                    continue
                }
                if let wake, !timerArmed {
                    let delay = max(0, wake.timeIntervalSince(service.clock()))
                    timerArmed = true
                    group.addTask {
                        try? await Task.sleep(nanoseconds: UInt64(min(delay, Self.longestWait) * 1e9))
                        return .tick
                    }
                }
                guard let event = try await group.next() else { break }
                switch event {
                case .tick:
                    timerArmed = false
                case let .done(item, outcome):
                    inFlight -= 1
                    let now = service.clock()
                    let throttled = ThrottleSignal.isThrottling(outcome)
                    pacer.finished(domain: item.domain, throttled: throttled, now: now)
                    summary.throttles = pacer.throttles
                    summary.finalRate = pacer.rate
                    pending.append(update(for: item, outcome: outcome, at: now))
                    if throttled, item.retriesThisRun < Self.maxRetriesThisRun, summary.fatal == nil {
                        var again = Item(id: item.id, attempts: item.attempts + 1, createdAt: item.createdAt, message: item.message)
                        again.retriesThisRun = item.retriesThisRun + 1
                        retries.append((again, now.addingTimeInterval(Double(1 << item.retriesThisRun))))
                        summary.retriedThisRun += 1
                    }
                    progress(summary)
                }
            }
            if Task.isCancelled { summary.cancelled = true }
            group.cancelAll()
        }
        // Marked but never started (stopped, capped): back to the queue, no attempt counted.
        let now = service.clock()
        for item in marked {
            pending.append(LedgerUpdate(id: item.id, state: .pending, reply: "not started: the run stopped first", at: now, countsAttempt: false))
        }
        summary.stillDue += marked.count + queue.count + retries.count
        retries.removeAll()
    }

    /// Marks `chunk` `sending`, with the outcomes known so far and the relay counters, in one transaction.
    private mutating func markSending(_ chunk: [Item], at now: Date) throws {
        let usage = UsageIncrement.forMessages(senderDomains: chunk.map(\.sender), at: now)
        try service.store.commit(pending, sending: chunk.map(\.id), usage: usage, at: now)
        pending.removeAll(keepingCapacity: true)
    }

    /// Due in-run retries first, then the queue.
    private mutating func nextChunk(from queue: inout ArraySlice<Item>, size: Int, now: Date) -> [Item] {
        var chunk: [Item] = []
        retries.sort { $0.at < $1.at }
        while chunk.count < size, let first = retries.first, first.at <= now {
            chunk.append(first.item)
            retries.removeFirst()
        }
        while chunk.count < size, let next = queue.popFirst() { chunk.append(next) }
        return chunk
    }

    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try service.store.commit(pending, sending: [], at: service.clock())
        pending.removeAll()
    }

    private mutating func update(for item: Item, outcome: DeliveryOutcome, at now: Date) -> LedgerUpdate {
        let reply = outcome.reply
        // A retry in this run: its earlier deferral is superseded by this outcome.
        if item.retriesThisRun > 0 { summary.deferred -= 1 }
        switch outcome {
        case .sent:
            summary.count(.sent)
            return LedgerUpdate(id: item.id, state: .sent, reply: reply, at: now)
        case .deferred:
            let retry = service.options.retry
            if let next = retry.nextAttempt(after: item.attempts + 1, entry: item.id, now: now, firstClaimed: item.createdAt) {
                summary.count(.deferred)
                summary.due(at: next)
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
            // A relay silent after the final dot would make every later message cost the timeout and end
            // unknown too: stop here, the rest stays queued.
            summary.stoppedAfterUnknown = summary.stoppedAfterUnknown ?? reply
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
