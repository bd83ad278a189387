import Foundation
import NurtureCore

/// Everything about one contact at one moment (`nurture contact EMAIL`): who they are, their score and why,
/// BANT, how their stage moved, what they did, and per campaign what was sent and what comes next.
public struct ContactProfile: Sendable {
    public var contact: Contact
    public var at: Date
    /// By the scoring of the first campaign (in priority order) that names one; nil when none does.
    public var qualification: Qualification?
    /// Events up to `at`, oldest first.
    public var events: [ContactEvent]
    public var campaigns: [CampaignStanding]

    /// One campaign's view of the contact: its ledger entries and its next decision.
    public struct CampaignStanding: Sendable {
        public var campaign: String
        public var sent: [SentMessage]
        public var decision: Decision
        public var hold: PacingHold?
    }
}

/// Builds `ContactProfile`s from the store with the campaigns' planners (the same decisions `plan` makes).
public struct ContactProfileService {
    public let planning: CampaignPlanning

    public init(planning: CampaignPlanning) { self.planning = planning }

    public func profile(of email: EmailAddress, at now: Date) throws -> ContactProfile {
        var profile: ContactProfile?
        try planning.forEachPlan(now: now, only: email) { plan, view in
            if profile == nil {
                profile = ContactProfile(
                    contact: view.contact, at: now, qualification: planning.qualifier?.qualify(view, now: now),
                    events: view.events.filter { $0.at <= now }.sorted { $0.at < $1.at }, campaigns: [])
            }
            profile?.campaigns.append(.init(campaign: plan.campaign, sent: view.sent.sorted { $0.at < $1.at }, decision: plan.decision, hold: plan.hold))
        }
        guard let profile else { throw NurtureError("no contact \(email) in the store") }
        return profile
    }

    /// Records a stage a person set, after checking it is on a campaign's ladder.
    public func setStage(_ stage: Stage, of email: EmailAddress, reason: String, by person: String, at now: Date) throws {
        let ladders = planning.campaigns.map(\.ladder)
        guard ladders.contains(where: { $0.contains(stage) }) else {
            let known = Topic.normalizeList(ladders.flatMap { $0.stages.map(\.name) })
            throw NurtureError("--stage: unknown stage '\(stage.name.debugSafe)'\(Suggest.hint(for: stage.name, in: known)); the ladder is \(known.joined(separator: ", "))")
        }
        let reason = reason.trimmingASCIIWhitespace()
        guard !reason.isEmpty, !reason.containsLineBreakOrControl else {
            throw NurtureError("--reason: say why in one line (it is kept with the stage)")
        }
        guard let store = planning.store as? any StageOverrideStore else { throw NurtureError("this store cannot record stages") }
        guard try planning.store.contact(email: email) != nil else { throw NurtureError("no contact \(email) in the store") }
        try store.recordStageOverride(StageOverride(stage: stage, at: now, reason: reason, by: person), for: email)
    }
}

extension CampaignPlanning {
    /// The qualifier of the first campaign (in priority order) that names a scoring file.
    public var qualifier: Qualifier? { paced.planners.lazy.compactMap(\.qualifier).first }
}
