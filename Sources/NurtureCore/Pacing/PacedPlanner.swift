import Foundation

/// The planners of every campaign in a run, with pacing: for one contact, each campaign's decision in
/// priority order, where a decision to send becomes "send now" or "wait until T, because R".
///
/// One budget for all campaigns: a send accepted for one campaign counts at once for the next (its gap,
/// its cap), and a conversion it thanks is not thanked again by another. Pure and deterministic.
public struct PacedPlanner: Sendable {
    /// Highest priority first, then by name.
    public let planners: [Planner]
    public let zones: TimeZoneCatalog
    /// For each planner, the first planner that scores like it (itself when none before does; nil when it
    /// does not score): a contact is qualified once per distinct scoring and ladder, not once per campaign.
    private let scoringGroup: [Int?]

    public init(campaigns: [Campaign], slack: TimeSpan = Planner.defaultSlack, zones: TimeZoneCatalog = TimeZoneCatalog()) {
        let planners = campaigns
            .sorted { $0.priority != $1.priority ? $0.priority > $1.priority : $0.name < $1.name }
            .map { Planner(campaign: $0, slack: slack) }
        self.planners = planners
        self.zones = zones
        scoringGroup = planners.indices.map { index in
            guard planners[index].qualifier != nil else { return nil }
            return planners.indices.first { $0 == index || planners[$0].scoresLike(planners[index]) }
        }
    }

    public var campaigns: [Campaign] { planners.map(\.campaign) }

    /// The planner of the campaign named `name`.
    public func planner(for name: String) -> Planner? { planners.first { $0.campaign.name == name } }

    /// Each campaign's decision for the contact at `now`, in priority order. `history` holds the contact's
    /// ledger entries of every campaign (in `sent`, `elsewhere` or both: they are re-partitioned).
    public func plan(_ history: ContactHistory, now: Date) -> [CampaignDecision] {
        var history = history
        var out: [CampaignDecision] = []
        out.reserveCapacity(planners.count)
        // The standing depends on the contact, its events and the stages people set, never on the ledger.
        var standings: [Standing?] = scoringGroup.count > 1 ? Array(repeating: nil, count: planners.count) : []
        for (index, planner) in planners.enumerated() {
            let campaign = planner.campaign
            let view = history.focused(on: campaign.name)
            let group = standings.isEmpty ? nil : scoringGroup[index]
            var (decision, standing) = planner.decideWithStanding(view, now: now, known: group.flatMap { standings[$0] })
            if let group, standings[group] == nil { standings[group] = standing }
            let pacer = ContactPacer(policy: campaign.pacing, slack: planner.slack)
            let zone = zones.contactZone(history.contact.timeZone, fallback: campaign.pacing.window.fallbackZone)
            var hold: PacingHold?
            var heldDue = false
            switch decision {
            case let .send(send):
                if let held = pacer.hold(kind: send.kind, due: send.due, mailings: view.mailingTimes, zone: zone, now: now) {
                    hold = held
                    heldDue = true
                    decision = .wait(Decision.Wait(until: held.until, step: send.step, kind: send.kind, content: send.content, reason: held.reason))
                } else {
                    // Counts at once for the campaigns after this one.
                    history.elsewhere.append(SentMessage(
                        step: send.step, contentKey: send.contentKey, content: send.content, at: now, state: .pending,
                        campaign: campaign.name, kind: send.kind))
                }
            case let .wait(wait):
                if let held = pacer.pacedWait(kind: wait.kind, until: wait.until, mailings: view.mailingTimes, zone: zone, now: now) {
                    hold = held
                    decision = .wait(Decision.Wait(until: held.until, step: wait.step, kind: wait.kind, content: wait.content,
                                                   reason: "\(wait.reason); then \(held.reason)"))
                }
            case .done, .skip:
                break
            }
            var decided = CampaignDecision(campaign: campaign.name, decision: decision, hold: hold, heldDue: heldDue, zone: zone)
            decided.standing = standing
            out.append(decided)
        }
        return out
    }
}

/// One campaign's decision for one contact, after pacing.
public struct CampaignDecision: Hashable, Sendable {
    public var campaign: String
    public var decision: Decision
    /// The pacing rule that turned a send into a wait, or pushed a wait later.
    public var hold: PacingHold?
    /// True when the planner had the email due and pacing held it (rather than pushing a later wait).
    public var heldDue: Bool
    /// The zone the send window was applied in.
    public var zone: ContactZone
    /// The contact's qualified stage and score the decision was made on, when the campaign scores.
    public var standing: Standing?

    public init(campaign: String, decision: Decision, hold: PacingHold?, heldDue: Bool = false, zone: ContactZone) {
        self.heldDue = heldDue
        self.campaign = campaign
        self.decision = decision
        self.hold = hold
        self.zone = zone
    }
}
