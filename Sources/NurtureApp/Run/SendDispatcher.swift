import Foundation
import NurtureCore

/// Sends claimed messages over a sliding window of one message per connection (and the transport's
/// `messagesAhead` more, queued in it), paced by the relay pacer, recording outcomes in the ledger through a
/// `LedgerCommitter`.
///
/// A message is marked `sending` as its transaction starts; its connection sends the envelope and the body while
/// the mark commits (with the outcomes known so far and the relay's pacing counters), and waits for it only
/// before the final dot. A connection that finishes starts the next message at once. A crash leaves at most one
/// message per connection `unknown`, as long as the ledger keeps up: a message queued in the transport
/// (`MailTransport.messagesAhead`) is not marked before it starts. When it does not (messages wait at their
/// gate: the relay answers faster than the disk makes a transaction durable), the run marks up to
/// `LedgerLookahead.maximum` messages ahead of the connections, so that a commit covers more than one message
/// instead of capping the rate: a crash then leaves at most that many more `unknown`. Marked messages a stopped
/// run never started go back to `pending`. While the messages taken from the queue all wait for their recipient
/// domain's limits, a few more are taken (not marked), so one slow domain does not hold the others back. A
/// throttling deferral (421, 454, 450/451 that says so) halves the relay's rate and is retried later in the same
/// run, with the same Message-ID, at most twice.
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
    let ledger: LedgerCommitter
    var summary = RunSummary()
    var pacer: RelayPacer
    /// Throttled messages to try again in this run, and when.
    private var retries: [(item: Item, at: Date)] = []
    /// Admitted by the pacer, waiting for a free connection: marked `sending` already when the lookahead put
    /// them beyond the window, else as their transaction starts.
    private var marked: [(item: Item, gate: LedgerCommitter.Ticket)] = []
    /// How many messages are marked ahead of the connections.
    private(set) var lookahead: LedgerLookahead
    /// The counters of the last message admitted, with its sender and UTC hour (see `usage(sender:at:)`).
    private var lastUsage: (sender: String, hour: Int, increments: [UsageIncrement])?

    static let maxRetriesThisRun = 2
    /// How many connections' worth of messages may be taken from the queue while those taken all wait for
    /// their domain's limits.
    static let lookaheadChunks = 4
    /// The longest a run sleeps for the rate before it gives up waiting and leaves the rest for the next run.
    static let longestWait: TimeInterval = 120

    init(service: RunService, pacer: RelayPacer, ledger: LedgerCommitter) {
        self.service = service
        self.pacer = pacer
        self.ledger = ledger
        lookahead = LedgerLookahead(now: .now, waited: ledger.waited)
    }

    /// A fatal server reply, the `--limit`, a reached relay cap, a failed ledger commit, or a cancelled task
    /// (Ctrl-C): stop.
    var shouldStop: Bool { stopStarting || summary.reachedLimit }

    /// Stop starting messages (the `--limit` does not: it was applied to what was handed in). Messages already
    /// marked still go, unless sending stops altogether.
    private var stopStarting: Bool { stopSending || summary.relayHold != nil }

    /// Stop sending: a fatal reply, a silent relay, a failed ledger commit, or a cancelled task. Marked messages
    /// not started go back to `pending`.
    private var stopSending: Bool {
        Task.isCancelled || summary.fatal != nil || summary.stoppedAfterUnknown != nil || ledger.error != nil
    }

    /// The part of `items` the `--limit` still allows; call right before sending them.
    mutating func withinLimit<T>(_ items: [T]) -> [T] {
        let (allowed, reachesLimit) = service.options.withinLimit(items, after: summary.attempted)
        if reachesLimit { summary.reachedLimit = true }
        return allowed
    }

    /// Marks an entry as not to be sent (failed, not an attempt) with why.
    mutating func cancel(_ id: Int64, reason: String, at: Date) {
        ledger.record(LedgerUpdate(id: id, state: .failed, reply: reason, at: at, countsAttempt: false))
    }

    private enum Event: Sendable {
        case done(Item, DeliveryOutcome)
        case tick
    }

    mutating func send(_ items: [Item], progress: (RunSummary) -> Void) async throws {
        var queue = items[...]
        var waiting: [Item] = []   // taken from the queue, not started: their domains' limits hold them
        let connections = service.options.connections
        let transport = service.transport
        // Messages handed to the transport at once: one per connection, and those it queues ahead.
        let window = connections + max(0, transport.messagesAhead)
        try await withThrowingTaskGroup(of: Event.self) { group in
            var inFlight = 0
            var timerArmed = false
            while true {
                var wake: Date?
                if stopSending { unmark(at: service.clock()) }
                // Start what the window and the pacer allow.
                while true {
                    while inFlight < window, !marked.isEmpty {
                        let (item, gate) = marked.removeFirst()
                        let outgoing = OutgoingMessage(
                            ledgerID: item.id, envelope: item.message.envelope, bytes: item.message.bytes, gate: gate)
                        group.addTask { .done(item, await transport.send(outgoing)) }
                        inFlight += 1
                    }
                    guard inFlight + marked.count < window + lookahead.count, !stopStarting else { break }
                    let now = service.clock()
                    if waiting.isEmpty {
                        waiting = nextChunk(from: &queue, size: connections, now: now)
                        if waiting.isEmpty { break }
                    }
                    var admitted = false
                    var index = 0
                    while index < waiting.count {
                        let item = waiting[index]
                        switch pacer.admit(sender: item.sender, domain: item.domain, now: now) {
                        case .now:
                            waiting.remove(at: index)
                            pacer.started(sender: item.sender, domain: item.domain, now: now)
                            let usage = usage(sender: item.sender, at: now)
                            // Handed over at once: marked as its transaction starts. Beyond the window (the lookahead):
                            // marked now, so that a commit holds its mark before its connection comes to it.
                            let gate = inFlight + marked.count < window
                                ? ledger.ticket(item.id, usage: usage, at: now)
                                : ledger.markSending(item.id, usage: usage, at: now)
                            marked.append((item, gate))
                            admitted = true
                            index = waiting.count   // one admission per pass: the pacer is asked again
                        case let .after(date):
                            wake = min(wake ?? date, date)
                            index += 1
                        case .domainBusy:
                            index += 1
                        case let .capped(hold):
                            summary.relayHold = hold
                            index = waiting.count
                        }
                    }
                    if !admitted {
                        // Everything taken waits for its domain: take more (a few connections' worth at most), so that
                        // one slow domain does not hold the other domains' mail behind it.
                        guard summary.relayHold == nil, waiting.count < connections * Self.lookaheadChunks else { break }
                        let chunk = nextChunk(from: &queue, size: connections, now: now)
                        if chunk.isEmpty { break }
                        waiting += chunk
                    }
                }
                if inFlight == 0 {
                    if stopStarting || (waiting.isEmpty && queue.isEmpty && retries.isEmpty) { break }
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
                    let ledger = self.ledger
                    lookahead.observe(now: .now, waited: ledger.waited, connections: connections)
                    let now = service.clock()
                    let throttled = ThrottleSignal.isThrottling(outcome)
                    pacer.finished(domain: item.domain, throttled: throttled, now: now)
                    summary.throttles = pacer.throttles
                    summary.finalRate = pacer.rate
                    ledger.record(update(for: item, outcome: outcome, at: now))
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
        unmark(at: service.clock())
        // Taken but never started (stopped, capped): still `pending` in the ledger, for the next run.
        summary.stillDue += waiting.count + queue.count + retries.count
        retries.removeAll()
        if let error = ledger.error { throw error }
    }

    /// Marked messages that will not be started go back to `pending` (no attempt counted), for the next run;
    /// the relay's counters keep them (a cap errs on the safe side).
    private mutating func unmark(at now: Date) {
        for (item, _) in marked {
            pacer.finished(domain: item.domain, throttled: false, now: now)
            ledger.record(Self.notStarted(item.id, at: now))
        }
        summary.stillDue += marked.count
        marked.removeAll()
    }

    static let unmarkedReply = "not started: the run stopped first"

    /// Back to `pending`, no attempt counted: a message the run stopped before it started.
    static func notStarted(_ id: Int64, at now: Date) -> LedgerUpdate {
        LedgerUpdate(id: id, state: .pending, reply: unmarkedReply, at: now, countsAttempt: false)
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

    /// The relay's counters a message from `sender` handed over at `now` counts toward; the same for every message
    /// of a sender within a UTC hour, so they are made once an hour (periods are UTC hours and days).
    private mutating func usage(sender: String, at now: Date) -> [UsageIncrement] {
        let hour = Int((now.timeIntervalSince1970 / 3600).rounded(.down))
        if let last = lastUsage, last.hour == hour, last.sender == sender { return last.increments }
        let increments = UsageIncrement.forMessages(senderDomains: [sender], at: now)
        lastUsage = (sender, hour, increments)
        return increments
    }

    /// Returns once every outcome so far is durable in the ledger.
    func flush() async throws {
        try await ledger.flush()
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
        case .notStarted:
            // Queued in the transport behind a message that stopped the run: as a message marked and not started.
            summary.stillDue += 1
            return Self.notStarted(item.id, at: now)
        }
    }
}
