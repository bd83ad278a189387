import Foundation
import Logging
import NurtureCore

/// `nurture run`: plans, renders and sends what is due, with the ledger making sure that nothing is
/// lost and nothing is sent twice.
///
/// Order of work: take the store's run lock; turn `sending` entries of a run that died into `unknown`;
/// resend `pending` entries and `deferred` ones whose retry is due; then plan the contacts page by page,
/// claim each page's messages in the ledger (one transaction), and send them in waves of one message per
/// connection. Each wave is marked `sending` durably before the first byte goes out, in the same
/// transaction that records the previous wave's outcomes, so a crash leaves at most one wave `unknown`.
/// Cancelling the task (the CLI does on SIGINT and SIGTERM) stops it between waves, with every outcome
/// recorded and nothing left `unknown`.
public struct RunService {
    public let store: any NurtureStore & SendLedger
    public let composer: MessageComposer
    public let transport: any MailTransport
    public let options: RunOptions
    public let clock: @Sendable () -> Date
    public let logger: Logger

    public init(
        store: any NurtureStore & SendLedger, composer: MessageComposer, transport: any MailTransport, options: RunOptions,
        clock: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "nurture.run")
    ) {
        self.store = store
        self.composer = composer
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
        var dispatcher = WaveDispatcher(service: self)
        dispatcher.summary.interrupted = try store.markInterrupted(campaign: composer.campaign.name, at: clock(), reply: Self.interruptedReply)
        if dispatcher.summary.interrupted > 0 {
            logger.warning("\(dispatcher.summary.interrupted) message(s) of an interrupted run are now 'unknown': see `nurture ledger --unknown`")
        }
        do {
            try await resume(&dispatcher, progress: progress)
            try dispatcher.flush()
            try await sendNew(&dispatcher, progress: progress)
            try dispatcher.flush()
        } catch {
            // Whatever went wrong, the outcomes already known are recorded before the error goes up:
            // a bounce must suppress, a sent message must not become `unknown`.
            try? dispatcher.flush()
            throw error
        }
        if Task.isCancelled { dispatcher.summary.cancelled = true }
        return dispatcher.summary
    }

    /// How many messages a run at `now` would attempt (retries due plus new sends, within `--limit`): a
    /// read-only pass for the progress bar. The run itself may differ slightly (a render may fail).
    public func dueCount(now: Date) throws -> Int {
        let campaign = composer.campaign
        let planner = Planner(campaign: campaign)
        var count = try store.resumable(campaign: campaign.name, contact: options.only, now: now, limit: Int.max).count
        var after: Int64?
        while true {
            let page = try store.historyPage(campaign: campaign.name, only: options.only, after: after, limit: options.pageSize)
            guard let last = page.last?.contact.id else { break }
            after = last
            count += page.filter { history in
                if case .success = dueSend(history, planner: planner, now: now) { return true }
                return false
            }.count
        }
        return options.limit.map { min($0, count) } ?? count
    }

    // MARK: - Earlier runs' entries

    private func resume(_ dispatcher: inout WaveDispatcher, progress: (RunSummary) -> Void) async throws {
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
            var wave: [WaveDispatcher.Item] = []
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
                if let stale = staleReason(entry, history: history, planner: planner, now: now) {
                    dispatcher.cancel(entry.id, reason: "not sent: \(stale)", at: now)
                    continue
                }
                do {
                    let send = try rebuild(entry, history: history)
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
    private func staleReason(_ entry: LedgerEntry, history: ContactHistory, planner: Planner, now: Date) -> String? {
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
    private func rebuild(_ entry: LedgerEntry, history: ContactHistory) throws -> Decision.Send {
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

    /// The message a run at `now` sends this contact: nil when the planner has nothing due, a failure when
    /// it has but the contact left after the planning time (with --at in the past, an unsubscribe recorded
    /// later still counts).
    private func dueSend(_ history: ContactHistory, planner: Planner, now: Date) -> Result<Decision.Send, StepUnavailable>? {
        guard case let .send(send) = planner.decide(history, now: now), history.contact.id != nil else { return nil }
        if let exit = planner.exitReason(for: history, now: .distantFuture) {
            return .failure(StepUnavailable(reason: "not sent: \(exit)"))
        }
        return .success(send)
    }

    private func sendNew(_ dispatcher: inout WaveDispatcher, progress: (RunSummary) -> Void) async throws {
        let campaign = composer.campaign
        let planner = Planner(campaign: campaign)
        var after: Int64?
        while !dispatcher.shouldStop {
            let page = try store.historyPage(campaign: campaign.name, only: options.only, after: after, limit: options.pageSize)
            guard let last = page.last?.contact.id else { return }
            after = last
            let now = clock()
            var messages: [ComposedMessage] = []
            for history in page {
                let send: Decision.Send
                switch dueSend(history, planner: planner, now: now) {
                case let .success(due): send = due
                case let .failure(notSent):
                    dispatcher.summary.skipped.append(.init(contact: history.contact.email.value, reason: notSent.reason))
                    continue
                case nil: continue
                }
                do {
                    messages.append(try composer.compose(send, for: history, date: now))
                } catch {
                    dispatcher.summary.skipped.append(.init(contact: history.contact.email.value, reason: error.description))
                }
            }
            messages = dispatcher.withinLimit(messages)
            guard !messages.isEmpty else { continue }
            let claims = try store.claim(messages.map { message in
                PlannedMessage(
                    contactID: message.contact.id ?? 0, campaign: campaign.name, step: message.send.step,
                    contentKey: message.send.contentKey, content: message.send.content, messageID: message.messageID, plannedAt: now
                )
            })
            var wave: [WaveDispatcher.Item] = []
            for (message, id) in zip(messages, claims) {
                if let id { wave.append(.init(id: id, attempts: 0, createdAt: now, message: message)) } else { dispatcher.summary.alreadyClaimed += 1 }
            }
            try await dispatcher.send(wave, progress: progress)
            // The next page is planned with this one's outcomes in the ledger (a bounce suppresses at once).
            try dispatcher.flush()
        }
    }
}

