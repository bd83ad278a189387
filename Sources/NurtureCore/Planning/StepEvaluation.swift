import Foundation

/// One step's verdict for one contact: the rules of `StepConditions` and `ContentRule` applied in order.
struct StepEvaluation {
    let step: Step
    /// The campaign is read through its planner: an evaluation per step and contact holds one reference,
    /// not a copy of the whole campaign.
    let planner: Planner
    let facts: ContactFacts
    let stage: Stage
    /// Due this little after `now` counts as due (see `Planner.slack`).
    let slack: TimeSpan

    var stageApplies: Bool { step.conditions.stages.isEmpty || step.conditions.stages.contains(stage) }

    func outcome() -> StepOutcome {
        let conditions = step.conditions
        guard stageApplies else {
            return .notApplicable("for stages \(conditions.stages.map(\.name).joined(separator: ", ")), contact is \(stage)")
        }
        if let blocker = facts.latest(of: conditions.unlessEvents) {
            return .notApplicable("contact \(blocker.type.pastTense) on \(ReasonDate.format(blocker.at))")
        }

        // The anchor the step's delay counts from, and what the email answers.
        var notBefore: [(Date, String)] = []
        var trigger: ContactEvent?
        if let afterStep = conditions.afterStep {
            guard let previous = facts.lastSent(step: afterStep) else {
                return .notApplicable("waits for step '\(afterStep)' to be sent first")
            }
            notBefore.append((previous.at.adding(conditions.delay), "\(conditions.delay.spoken) after '\(afterStep)' (\(ReasonDate.format(previous.at)))"))
        }
        if let rule = conditions.trigger {
            let since = facts.now.subtracting(rule.within)
            let recent = facts.events.filter { rule.events.contains($0.type) && $0.at >= since }.reversed()
            guard !recent.isEmpty else {
                return .notApplicable("no \(rule.events.map(\.rawValue).joined(separator: "/")) in the last \(rule.within.spoken)")
            }
            switch step.repeatRule {
            case .perTrigger:
                switch openTrigger(in: Array(recent), rule: rule) {
                case let .success(event): trigger = event
                case let .failure(reason): return .notApplicable(reason.reason)
                }
            case .once, .perContent:
                trigger = recent.first
            }
            if conditions.afterStep == nil, let trigger {
                notBefore.append((trigger.at.adding(conditions.delay), triggerPhrase(trigger)))
            }
        }
        if step.repeatRule == .once, let previous = facts.lastSent(step: step.id) {
            return .notApplicable("already sent on \(ReasonDate.format(previous.at))")
        }
        if let gap = conditions.minimumGap, let last = facts.lastEmailAt {
            notBefore.append((last.adding(gap), "\(gap.spoken) after the last email (\(ReasonDate.format(last)))"))
        }

        // The content item, for steps that pick one.
        var item: CatalogItem?
        var itemWhy: String?
        if let rule = step.content {
            let selection = ContentSelection(rule: rule, step: step, campaign: planner.campaign, facts: facts, stage: stage, slack: slack)
            switch selection.choose(notBefore: notBefore.map(\.0).max()) {
            case let .chosen(candidate):
                item = candidate.item
                itemWhy = candidate.why
                if let opens = candidate.opensAt { notBefore.append((opens, "invitations open \(rule.startsWithin?.spoken ?? "") before it starts (\(ReasonDate.format(opens)))")) }
            case let .none(reason):
                return .notApplicable(reason)
            }
        }

        let contentKey: String
        let content: String?
        switch step.repeatRule {
        case .once:
            contentKey = ""
            content = item?.id ?? trigger?.content.flatMap { planner.campaign.item($0)?.id }
        case .perTrigger:
            contentKey = trigger.map { triggerKey($0) } ?? ""
            content = item?.id ?? trigger?.content.flatMap { planner.campaign.item($0)?.id }
        case .perContent:
            guard let item else { return .notApplicable("picks no content item (no content rule)") }
            contentKey = item.id
            content = item.id
        }
        if facts.hasSent(step: step.id, contentKey: contentKey) {
            return .notApplicable("already sent")
        }

        let binding = notBefore.max { $0.0 < $1.0 }
        let due = binding?.0 ?? facts.now
        let what = [itemWhy, binding?.1].compactMap { $0 }.filter { !$0.isEmpty }
        if due <= facts.now.adding(slack) {
            let reason = ([sendHeadline(trigger: trigger, item: item)] + what).joined(separator: "; ")
            return .due(Decision.Send(step: step.id, kind: step.kind, content: content, contentKey: contentKey, due: due, trigger: trigger, reason: reason))
        }
        let reason = "\(step.kind.label)\(item.map { " “\($0.title)”" } ?? "") waits: \(binding?.1 ?? "not due yet")"
        return .later(Decision.Wait(until: due, step: step.id, kind: step.kind, content: content, reason: reason))
    }

    /// The trigger a per-trigger step answers now, newest first (one with a catalog item before one without
    /// at the same moment), or why there is none. Each trigger is answered once. One about an item that is
    /// not in the catalog cannot be answered (there is nothing to name), nor a registration for a webinar
    /// that has started. A trigger older than this step's last email counts as answered by it, so two
    /// conversions at once, or a backlog, get one email rather than one a run, except registrations for
    /// scheduled items: each confirmation carries its own join link.
    private func openTrigger(in recent: [ContactEvent], rule: Trigger) -> Result<ContactEvent, StepUnavailable> {
        // A thank-you of another campaign answers conversions as this step's own would: each is thanked once,
        // whichever campaign's thank-you answers it first.
        let answeredUntil = [facts.lastSent(step: step.id)?.at, step.kind == .thankYou ? facts.lastThankYouElsewhere : nil].compactMap { $0 }.max()
        var notes: [String] = []
        var open: [ContactEvent] = []
        for event in recent {
            let item = event.content.flatMap { planner.campaign.item($0) }
            if let id = event.content, item == nil {
                notes.append("'\(id)' of a \(event.type.rawValue) is not in the catalog")
                continue
            }
            if let item, item.kind.isScheduled, let start = item.startsAt, start <= facts.now {
                notes.append("“\(item.title)” already took place")
                continue
            }
            if facts.hasSent(step: step.id, contentKey: triggerKey(event)) { continue }
            if step.kind == .thankYou, facts.thankedElsewhere.contains(triggerKey(event)) { continue }
            if item?.kind.isScheduled != true, let answeredUntil, event.at <= answeredUntil { continue }
            open.append(event)
        }
        open.sort { a, b in a.at != b.at ? a.at > b.at : (a.content != nil && b.content == nil) }
        if let first = open.first { return .success(first) }
        let events = rule.events.map(\.rawValue).joined(separator: "/")
        return .failure(StepUnavailable(reason: notes.isEmpty
            ? "already sent for every \(events) in the last \(rule.within.spoken)"
            : notes.joined(separator: "; ")))
    }

    /// The ledger key of a per-trigger step: the item the event was about, or its type.
    private func triggerKey(_ event: ContactEvent) -> String {
        event.content ?? "@\(event.type.rawValue)"
    }

    private func triggerPhrase(_ event: ContactEvent) -> String {
        let delay = step.conditions.delay
        let prefix = delay == .zero ? "at once after" : "\(delay.spoken) after"
        return "\(prefix) \(event.type.rawValue) (\(ReasonDate.format(event.at)))"
    }

    private func sendHeadline(trigger: ContactEvent?, item: CatalogItem?) -> String {
        switch step.kind {
        case .thankYou:
            guard let trigger else { return "thank-you" }
            if let id = trigger.content {
                if let item = planner.campaign.item(id) { return "thanks for: \(trigger.type.pastTense) “\(item.title)”" }
                return "thanks for: \(trigger.type.pastTense) '\(id)' (not in the catalog)"
            }
            return "thanks: contact \(trigger.type.pastTense)"
        case .demoOffer:
            if let signal = facts.latest(of: [.quoteRequested, .pageViewed, .webinarAttended]) {
                let detail = signal.properties["page"].map { " (\($0) page)" } ?? ""
                return "stage \(stage), no demo requested yet; last signal: \(signal.type.rawValue)\(detail) on \(ReasonDate.day(signal.at))"
            }
            return "stage \(stage), no demo requested yet"
        case .webinarInvite, .relatedContent:
            return "\(step.kind.label) “\(item?.title ?? "?")”"
        case .email:
            return "drip email '\(step.id)'"
        }
    }
}
