import Foundation

/// Picks each contact's next nurture step, or says why it waits or why the nurture is over.
///
/// Pure and deterministic: the same campaign, history and `now` give the same decision. The planner
/// decides; rendering, sending and recording are someone else's job. Immutable; a class so that passing
/// it around (every contact, every campaign) is one retain, not a copy of the whole campaign.
public final class Planner: Sendable {
    public let campaign: Campaign
    /// A step due this little after `now` counts as due: runs come at intervals (a daily cron at 09:00),
    /// and an email sent at 09:00:00.4 must not make the one "2 days later" wait a whole extra day because
    /// the next run starts at 09:00:00.1.
    public let slack: TimeSpan
    private let steps: [Step]
    /// The campaign's scoring, compiled once.
    public let qualifier: Qualifier?

    public static let defaultSlack = TimeSpan.minutes(15)

    public init(campaign: Campaign, slack: TimeSpan = Planner.defaultSlack) {
        self.campaign = campaign
        self.slack = slack
        self.steps = campaign.stepsByPriority
        self.qualifier = campaign.scoring.map { Qualifier(rules: $0, ladder: campaign.ladder) }
    }

    public func plan(_ history: ContactHistory, now: Date) -> ContactPlan {
        ContactPlan(contact: history.contact, decision: decide(history, now: now))
    }

    public func decide(_ history: ContactHistory, now: Date) -> Decision {
        decide(facts(history, now: now), history)
    }

    /// The decision and the contact's qualified standing it was made on (nil when the campaign does not score).
    /// `known`: the standing at `now` already computed by a planner of the same scoring and ladder (see
    /// `scoresLike`), so that campaigns sharing their rules qualify each contact once.
    public func decideWithStanding(_ history: ContactHistory, now: Date, known: Standing? = nil) -> (decision: Decision, standing: Standing?) {
        let facts = facts(history, now: now, known: known)
        return (decide(facts, history), facts.standing)
    }

    /// True when this planner and `other` qualify every contact alike: the same scoring on the same ladder.
    public func scoresLike(_ other: Planner) -> Bool {
        guard let mine = qualifier, let theirs = other.qualifier else { return false }
        return mine.ladder == theirs.ladder && mine.rules == theirs.rules
    }

    /// What the planner knows of the contact at `now`, with the stage qualified when the campaign scores.
    private func facts(_ history: ContactHistory, now: Date, known: Standing? = nil) -> ContactFacts {
        let facts = ContactFacts(history: history, ladder: campaign.ladder, now: now)
        if let qualifier {
            let standing = known ?? qualifier.standing(of: history.contact, sortedEvents: facts.events, overrides: history.stageOverrides, now: now)
            facts.stage = standing.stage
            facts.standing = standing
        }
        return facts
    }

    private func decide(_ facts: ContactFacts, _ history: ContactHistory) -> Decision {
        if let exit = exitReason(history, facts) { return .done(reason: exit) }
        guard let stage = facts.stage else { return .skip(reason: "contact has no stage and the ladder is empty") }
        guard campaign.ladder.contains(stage) else {
            let ladder = campaign.ladder.stages.map(\.name).joined(separator: ", ")
            return .skip(reason: "stage '\(stage)' is not on this campaign's ladder (\(ladder))")
        }

        var earliest: Decision.Wait?
        var reasons: [String] = []
        var stageMatched = false
        for step in steps {
            let evaluation = StepEvaluation(step: step, planner: self, facts: facts, stage: stage, slack: slack)
            if evaluation.stageApplies { stageMatched = true }
            switch evaluation.outcome() {
            case let .due(send):
                return .send(send)
            case let .later(wait):
                if earliest.map({ wait.until < $0.until }) ?? true { earliest = wait }
            case let .notApplicable(reason):
                if evaluation.stageApplies { reasons.append("\(step.id): \(reason)") }
            }
        }
        if let earliest { return .wait(earliest) }

        let why = stageMatched ? reasons.joined(separator: "; ") : "no step is for stage \(stage)"
        return facts.sent.isEmpty ? .skip(reason: "nothing to send: \(why)") : .done(reason: "nothing left to send: \(why)")
    }

    /// Why the contact has left the nurture for good at `now`, if it has: checked again before a
    /// deferred message is retried, so nobody who unsubscribed meanwhile gets it.
    public func exitReason(for history: ContactHistory, now: Date) -> String? {
        exitReason(history, facts(history, now: now))
    }

    /// One step as it would go to this contact, due now or not (for test sends): the step's content
    /// choice and trigger, or why the step cannot apply to this contact at all.
    public func candidate(step id: String, for history: ContactHistory, now: Date) -> Result<Decision.Send, StepUnavailable> {
        guard let step = campaign.step(id) else { return .failure(StepUnavailable(reason: "no step '\(id)' in campaign '\(campaign.name)'")) }
        let facts = facts(history, now: now)
        let stage = facts.stage ?? .subscriber
        switch StepEvaluation(step: step, planner: self, facts: facts, stage: stage, slack: slack).outcome() {
        case let .due(send):
            return .success(send)
        case let .later(wait):
            return .success(Decision.Send(step: wait.step, kind: wait.kind, content: wait.content, contentKey: wait.content ?? "",
                                          due: wait.until, trigger: nil, reason: wait.reason))
        case let .notApplicable(reason):
            return .failure(StepUnavailable(reason: "step '\(id)' does not apply to \(history.contact.email): \(reason)"))
        }
    }

    /// Why the contact has left the nurture for good, if it has.
    private func exitReason(_ history: ContactHistory, _ facts: ContactFacts) -> String? {
        if let stage = facts.stage, campaign.exit.stages.contains(stage) {
            return "stage \(stage): left the nurture, a person takes over"
        }
        if let event = facts.latest(of: campaign.exit.events) {
            let handOver: Set<EventType> = [.emailReplied, .demoRequested, .quoteRequested, .purchased]
            let tail = handOver.contains(event.type) ? "a person takes over" : "stop emailing"
            return "\(event.type.pastTense) on \(ReasonDate.format(event.at)): \(tail)"
        }
        if history.suppressed { return "address is suppressed (bounced, unsubscribed or complained): never email it again" }
        if let at = history.unsubscribedFrom[campaign.name] {
            return "unsubscribed from this campaign on \(ReasonDate.format(at)): stop emailing"
        }
        return nil
    }
}

/// Why a step cannot be built for a contact.
public struct StepUnavailable: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
