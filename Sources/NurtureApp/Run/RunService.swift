import Foundation
import Logging
import NurtureCore

/// `nurture run`: plans, renders and sends what is due, with the ledger making sure that nothing is
/// lost and nothing is sent twice.
///
/// Order of work: take the store's run lock; turn `sending` entries of a run that died into `unknown`;
/// resend `pending` entries and `deferred` ones whose retry is due; then plan the contacts page by page,
/// claim each page's messages in the ledger (one transaction, while the page before is being sent), and send
/// them with one message in flight per connection. Each message is marked `sending` durably before its final
/// dot can go out, in a transaction that also records the outcomes known when it started, so a crash leaves at
/// most one message per connection `unknown` (two more in all, once the ledger is seen not to keep up with the
/// relay: `LedgerLookahead`). Cancelling the task (the CLI does on SIGINT and SIGTERM) stops it between
/// messages, with every outcome recorded and nothing left `unknown`.
public struct RunService: Sendable {
    public let store: any NurtureStore & SendLedger
    /// One composer per campaign, highest priority first.
    public let composers: [MessageComposer]
    public let paced: PacedPlanner
    public let transport: any MailTransport
    public let options: RunOptions
    public let clock: @Sendable () -> Date
    public let logger: Logger
    /// The relay pacer carried from one run to the next (the send loop's runs): its token bucket and the rate
    /// throttling lowered are not forgotten between runs. nil: each run starts its own.
    public var carriedPacer: CarriedPacer?

    /// The first campaign's composer (the only one of a single-campaign run).
    public var composer: MessageComposer { composers[0] }

    public init(
        store: any NurtureStore & SendLedger, composer: MessageComposer, transport: any MailTransport, options: RunOptions,
        clock: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "nurture.run")
    ) {
        self.init(store: store, composers: [composer], transport: transport, options: options, clock: clock, logger: logger)
    }

    /// Several campaigns sent together, paced with one budget.
    public init(
        store: any NurtureStore & SendLedger, composers: [MessageComposer], transport: any MailTransport, options: RunOptions,
        clock: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "nurture.run")
    ) {
        precondition(!composers.isEmpty, "a run needs at least one campaign")
        self.paced = PacedPlanner(campaigns: composers.map(\.campaign))
        let order = Dictionary(uniqueKeysWithValues: paced.campaigns.enumerated().map { ($1.name, $0) })
        self.composers = composers.sorted { order[$0.campaign.name, default: 0] < order[$1.campaign.name, default: 0] }
        self.store = store
        self.transport = transport
        self.options = options
        self.clock = clock
        self.logger = logger
    }

    static let interruptedReply = "the run stopped while this message was being sent, so it may have been delivered; check and resolve with `nurture ledger resolve`"

    public func run(progress: (RunSummary) -> Void = { _ in }) async throws -> RunSummary {
        if let only = options.only, try store.contact(email: only) == nil {
            throw NurtureError("no contact \(only) in the store")
        }
        let lock = try store.lockRun()
        defer { lock.release() }
        try checkIntegrity()
        return try await runHoldingLock(progress: progress)
    }

    /// A damaged store could lose or repeat what the ledger guards: checked before anything is claimed.
    public func checkIntegrity() throws {
        if let damage = try store.integrityProblem() {
            throw NurtureError("the store is damaged (\(damage)); nothing was sent or claimed. Restore it from a backup, or rebuild it with sqlite3's .recover")
        }
    }

    /// The same service with other options (the send loop narrows a pass to the contacts events named).
    public func with(options: RunOptions) -> RunService {
        var copy = RunService(store: store, composers: composers, transport: transport, options: options, clock: clock, logger: logger)
        copy.carriedPacer = carriedPacer
        return copy
    }

    public static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// `run(progress:)` for a caller that already holds the store's run lock (the send loop of `run --watch`
    /// and `serve` holds it for as long as it runs: one scheduler per store).
    public func runHoldingLock(progress: (RunSummary) -> Void = { _ in }) async throws -> RunSummary {
        // On the transport's threads (a pool's connection threads), a message goes out and its outcome comes
        // back with no thread switch; pages are still planned and composed on the default executor.
        try await withTaskExecutorPreference(transport.preferredExecutor) {
            try await sendAll(progress: progress)
        }
    }

    private func sendAll(progress: (RunSummary) -> Void) async throws -> RunSummary {
        let start = clock()
        let (relayLimits, domainLimits) = PacingPolicy.strictest(paced.campaigns.map(\.pacing))
        let senders = Array(Set(paced.campaigns.map { $0.sender.email.domain })).sorted()
        let carried = carriedPacer?.take()
        let pacer = try carried ?? RelayPacer(limits: relayLimits, domainLimits: domainLimits, usage: store.relayUsage(senders: senders, at: start), at: start)
        let throttlesBefore = pacer.throttles
        let ledger = LedgerCommitter(store: store, eagerMarks: options.connections)
        defer { ledger.close() }
        var dispatcher = SendDispatcher(service: self, pacer: pacer, ledger: ledger)
        defer { carriedPacer?.keep(dispatcher.pacer) }
        // Only a run that starts afresh can find an interrupted run's `sending` entries: one that continues the
        // send loop's earlier runs (it carries their pacer; the loop has held the lock since its first run) does
        // not look again. The look is a write over each campaign's ledger rows, too costly for every event.
        if carried == nil {
            for composer in composers {
                dispatcher.summary.interrupted += try store.markInterrupted(campaign: composer.campaign.name, at: clock(), reply: Self.interruptedReply)
            }
        }
        if dispatcher.summary.interrupted > 0 {
            logger.warning("\(dispatcher.summary.interrupted) message(s) of an interrupted run are now 'unknown': see `nurture ledger --unknown`")
        }
        do {
            for composer in composers where !dispatcher.shouldStop {
                try await resume(&dispatcher, composer: composer, progress: progress)
                try await dispatcher.flush()
            }
            try await sendNew(&dispatcher, progress: progress)
            try await dispatcher.flush()
        } catch {
            // Whatever went wrong, the outcomes already known are recorded before the error goes up:
            // a bounce must suppress, a sent message must not become `unknown`.
            do { try await dispatcher.flush() } catch { try? ledger.salvage(at: clock()) }
            throw error
        }
        if Task.isCancelled { dispatcher.summary.cancelled = true }
        dispatcher.summary.throttles = dispatcher.pacer.throttles - throttlesBefore
        dispatcher.summary.finalRate = dispatcher.pacer.rate
        dispatcher.summary.domainLines = dispatcher.pacer.domainLines
        if dispatcher.summary.throttles > 0 {
            logger.info("the relay throttled \(dispatcher.summary.throttles) time(s); rate now \(dispatcher.pacer.rate.map { String(format: "%.2f", $0) } ?? "unlimited") msg/s")
        }
        return dispatcher.summary
    }

    /// How many messages a run at `now` would attempt (retries due plus new sends, within `--limit`): a
    /// read-only pass for the progress bar. The run itself may differ slightly (a render may fail).
    public func dueCount(now: Date) throws -> Int {
        var count = 0
        for composer in composers {
            count += try store.resumable(campaign: composer.campaign.name, contact: options.only, now: now, limit: Int.max).count
        }
        var after: Int64?
        while true {
            let page = try store.historyPage(campaign: composer.campaign.name, only: options.only, after: after, limit: options.pageSize)
            guard let last = page.last?.contact.id else { break }
            after = last
            for history in page {
                count += paced.plan(history, now: now).filter { $0.decision.name == "send" }.count
            }
        }
        return options.limit.map { min($0, count) } ?? count
    }

    // MARK: - Earlier runs' entries

    private func resume(_ dispatcher: inout SendDispatcher, composer: MessageComposer, progress: (RunSummary) -> Void) async throws {
        let campaign = composer.campaign
        let planner = Planner(campaign: campaign)
        var seen = Set<Int64>()
        while !dispatcher.shouldStop {
            let now = clock()
            let entries = try store.resumable(campaign: campaign.name, contact: options.only, now: now, limit: options.pageSize)
                .filter { seen.insert($0.id).inserted }
            guard !entries.isEmpty else { return }
            let histories = try store.histories(contactIDs: Array(Set(entries.map(\.contactID))), campaign: campaign.name)
            let byID = Dictionary(histories.compactMap { h in h.contact.id.map { ($0, h) } }, uniquingKeysWith: { a, _ in a })
            var wave: [SendDispatcher.Item] = []
            for entry in entries {
                guard let history = byID[entry.contactID] else {
                    dispatcher.cancel(entry.id, reason: "not sent: the contact is no longer in the store", at: now)
                    continue
                }
                // Someone who unsubscribed, bounced or replied since (whatever the clock says) must not get the
                // retry, nor an email whose step no longer applies (the webinar started, they registered).
                if let exit = planner.exitReason(for: history, now: .distantFuture) {
                    dispatcher.cancel(entry.id, reason: "not sent: \(exit)", at: now)
                    continue
                }
                if let stale = staleReason(entry, history: history, planner: planner, composer: composer, now: now) {
                    dispatcher.cancel(entry.id, reason: "not sent: \(stale)", at: now)
                    continue
                }
                // A retry keeps to the contact's send window too (a thank-you excepted): it stays queued.
                let zone = paced.zones.contactZone(history.contact.timeZone, fallback: campaign.pacing.window.fallbackZone)
                if campaign.step(entry.step)?.kind != .thankYou {
                    let (opening, rule) = campaign.pacing.window.nextOpening(from: now, in: zone)
                    if let rule, opening > now {
                        dispatcher.summary.hold(PacingHold(until: opening, rule: rule, reason: "waiting: retry of ledger entry \(entry.id) outside the send window (\(rule.label) in \(zone.identifier))"))
                        continue
                    }
                }
                do {
                    let send = try rebuild(entry, history: history, composer: composer)
                    let message = try composer.compose(send, for: history, date: entry.createdAt)
                    wave.append(.init(id: entry.id, attempts: entry.attempts, createdAt: entry.createdAt, message: message))
                    dispatcher.summary.resumed += 1
                } catch {
                    dispatcher.cancel(entry.id, reason: "not sent: \(error)", at: now)
                    dispatcher.summary.skipped.append(.init(contact: history.contact.email.value, reason: "\(error)"))
                }
            }
            try await dispatcher.send(dispatcher.withinLimit(wave), progress: progress)
        }
    }

    /// Why a claimed entry's step no longer applies to the contact, if it does not: the step evaluated as if
    /// this entry had never been made (timing aside: a retry goes when it is due).
    private func staleReason(_ entry: LedgerEntry, history: ContactHistory, planner: Planner, composer: MessageComposer, now: Date) -> String? {
        // A piece of content the contact got by themselves meanwhile is not sent to them (a thank-you answers
        // the very download it names, so it is exempt).
        if let content = entry.content, composer.campaign.step(entry.step)?.repeatRule != .perTrigger,
           let had = history.events.first(where: { $0.type.consumesContent && $0.content == content }) {
            return "the contact \(had.type.pastTense) '\(content)' on \(ReasonDate.format(had.at))"
        }
        var without = history
        without.sent.removeAll { $0.step == entry.step && $0.contentKey == entry.contentKey }
        switch planner.candidate(step: entry.step, for: without, now: now) {
        case .success: return nil
        case let .failure(unavailable): return unavailable.reason
        }
    }

    /// The planner's decision for a ledger entry, rebuilt from what the entry recorded.
    private func rebuild(_ entry: LedgerEntry, history: ContactHistory, composer: MessageComposer) throws -> Decision.Send {
        guard let step = composer.campaign.step(entry.step) else {
            throw NurtureError("step '\(entry.step)' is no longer in campaign '\(entry.campaign)'")
        }
        let trigger = history.events.filter { ($0.content ?? "@\($0.type.rawValue)") == entry.contentKey }.max { $0.at < $1.at }
        return Decision.Send(
            step: step.id, kind: step.kind, content: entry.content, contentKey: entry.contentKey,
            due: entry.createdAt, trigger: step.repeatRule == .perTrigger ? trigger : nil,
            reason: "retry of ledger entry \(entry.id) (attempt \(entry.attempts + 1))"
        )
    }

    // MARK: - New messages

    /// A page of contacts planned and composed, ready to be claimed and sent.
    struct PreparedPage: Sendable {
        var lastContactID: Int64?
        /// The most contacts the page could hold (see `firstPageSize`).
        var size: Int
        var now: Date
        var messages: [ComposedMessage] = []
        var skipped: [RunSummary.Skipped] = []
        var holds: [PacingHold] = []
        /// The earliest time a step waits for (a follow-up's delay): when the next run has something to do.
        var nextDue: Date?
    }

    /// Reads, plans and composes the page of at most `size` contacts (default: `RunOptions.pageSize`) after
    /// `after` (nil: from the start). Read-only.
    func preparePage(after: Int64?, size: Int? = nil) throws -> PreparedPage {
        let size = size ?? options.pageSize
        let page = try store.historyPage(campaign: composer.campaign.name, only: options.only, after: after, limit: size)
        var prepared = PreparedPage(lastContactID: page.last?.contact.id, size: size, now: clock())
        let now = prepared.now
        for history in page where history.contact.id != nil {
            for decided in paced.plan(history, now: now) {
                guard case let .send(send) = decided.decision else {
                    if decided.heldDue, let hold = decided.hold { prepared.holds.append(hold) }
                    if case let .wait(wait) = decided.decision { prepared.nextDue = min(prepared.nextDue ?? wait.until, wait.until) }
                    continue
                }
                guard let planner = paced.planner(for: decided.campaign),
                      let composer = composers.first(where: { $0.campaign.name == decided.campaign }) else { continue }
                // The contact left after the planning time (with --at in the past, a later unsubscribe counts).
                if let exit = planner.exitReason(for: history, now: .distantFuture) {
                    prepared.skipped.append(.init(contact: history.contact.email.value, reason: "not sent: \(exit)"))
                    continue
                }
                do {
                    prepared.messages.append(try composer.compose(
                        send, for: history.focused(on: decided.campaign), date: now, standing: decided.standing))
                } catch {
                    prepared.skipped.append(.init(contact: history.contact.email.value, reason: error.description))
                }
            }
        }
        return prepared
    }

    /// A page's messages claimed in the ledger, with what its planning found.
    struct ClaimedPage: Sendable {
        var prepared: PreparedPage
        var items: [SendDispatcher.Item] = []
        /// Messages an earlier run had already claimed (another run on the same clock).
        var alreadyClaimed = 0
        /// One hold for each message the relay's caps left out; the last ends the run once this page is sent.
        var capHolds: [PacingHold] = []
        /// The `--limit` is reached with this page: no page after it.
        var reachesLimit = false

        var capHold: PacingHold? { capHolds.last }
        /// No page is claimed after this one.
        var isLast: Bool { capHold != nil || reachesLimit }
    }

    /// What claiming carries from one page to the next.
    struct ClaimBudget: Sendable {
        /// A copy of the run's pacer that counts every message claimed against the relay's caps.
        var pacer: RelayPacer
        /// Attempts so far plus the messages claimed and not sent yet, for the `--limit`.
        var handedOut: Int
    }

    /// A page claimed ahead of the connections (nil: no page was left), the budget after it, and the preparation
    /// of the page after it, already started.
    struct ClaimedAhead: Sendable {
        var page: ClaimedPage?
        var budget: ClaimBudget
        var next: Task<PreparedPage, any Error>?
    }

    /// The first page's contacts: a small page, so that the first message goes out once a few contacts are
    /// planned and composed, not a whole page. Each page after it is twice the one before, up to
    /// `RunOptions.pageSize`.
    static let firstPageSize = 32

    /// Pages are planned and composed one ahead, on another core, and each page is claimed (one transaction)
    /// while the page before it is being sent: different contacts, so nothing the current page records changes
    /// the next page's plan. Neither waits for the other: the connections start on a page as soon as it is
    /// claimed, while the next one is still being prepared, so the first message goes out once the small first
    /// page is ready. A page that reaches a relay cap or the `--limit` is the last one claimed; a page claimed
    /// ahead of a run that stopped stays `pending`, for the next run.
    private func sendNew(_ dispatcher: inout SendDispatcher, progress: (RunSummary) -> Void) async throws {
        let service = self
        let first = min(options.pageSize, Self.firstPageSize)
        var ahead: Task<ClaimedAhead, any Error>? = claimAhead(
            Task.detached { try service.preparePage(after: nil, size: first) },
            budget: ClaimBudget(pacer: dispatcher.pacer, handedOut: dispatcher.summary.attempted))
        defer { ahead?.cancel() }
        while let current = ahead {
            let claimed = try await current.value
            ahead = nil
            guard let page = claimed.page else { break }
            dispatcher.summary.skipped += page.prepared.skipped
            for hold in page.prepared.holds + page.capHolds { dispatcher.summary.hold(hold) }
            if let due = page.prepared.nextDue { dispatcher.summary.due(at: due) }
            dispatcher.summary.alreadyClaimed += page.alreadyClaimed
            if !page.isLast && !dispatcher.shouldStop {
                ahead = claimAhead(claimed.next, budget: claimed.budget)
            } else {
                claimed.next?.cancel()
            }
            try await dispatcher.send(page.items, progress: progress)
            try await dispatcher.flush()
            // The cap stops the run once what it still allowed has gone.
            if let hold = page.capHold { dispatcher.summary.relayHold = hold }
            if page.reachesLimit { dispatcher.summary.reachedLimit = true }
            if dispatcher.shouldStop, let stopped = ahead {
                // Claimed ahead, never started: still `pending` in the ledger, for the next run.
                let unsent = try await stopped.value
                unsent.next?.cancel()
                dispatcher.summary.stillDue += unsent.page?.items.count ?? 0
                ahead = nil
            }
        }
    }

    /// On another thread: waits for the prepared page, keeps what the `--limit` and the relay's caps allow, starts
    /// preparing the page after it (twice its size, up to the page size) unless this one is the last, and claims it.
    private func claimAhead(_ preparing: Task<PreparedPage, any Error>?, budget: ClaimBudget) -> Task<ClaimedAhead, any Error> {
        let service = self
        return Task.detached {
            var ahead = ClaimedAhead(budget: budget)
            guard let prepared = try await preparing?.value, let last = prepared.lastContactID else { return ahead }
            var page = ClaimedPage(prepared: prepared)
            page.prepared.messages = []
            var messages: [ComposedMessage]
            (messages, page.reachesLimit) = service.options.withinLimit(prepared.messages, after: ahead.budget.handedOut)
            // Claim no more than the relay's caps take today: the rest is planned again on the next run.
            let now = prepared.now
            messages = messages.filter { message in
                guard let hold = ahead.budget.pacer.reserve(sender: message.envelope.mailFrom.domain, now: now) else { return true }
                page.capHolds.append(hold)
                return false
            }
            // The page after this one is prepared while this one is claimed, unless none will be claimed.
            if !page.isLast && service.options.only == nil && !Task.isCancelled {
                let size = min(service.options.pageSize, prepared.size * 2)
                ahead.next = Task.detached { try service.preparePage(after: last, size: size) }
            }
            if !messages.isEmpty {
                let claims = try service.store.claim(messages.map { message in
                    PlannedMessage(
                        contactID: message.contact.id ?? 0, campaign: message.campaign, step: message.send.step,
                        contentKey: message.send.contentKey, content: message.send.content, messageID: message.messageID,
                        plannedAt: now, kind: message.send.kind
                    )
                })
                for (message, id) in zip(messages, claims) {
                    if let id { page.items.append(.init(id: id, attempts: 0, createdAt: now, message: message)) } else { page.alreadyClaimed += 1 }
                }
            }
            ahead.budget.handedOut += page.items.count
            ahead.page = page
            return ahead
        }
    }
}
