import Foundation
import NurtureCore

/// `nurture plan --format json`: JSON Lines, one object per contact, written as it comes.
/// Keys: campaign, contact, stage (the qualified one when the campaign scores), score (null without scoring), decision, step, kind, content, at, reason, held_by (the pacing rule holding a send back; null where not applicable).
public struct PlanJSONWriter {
    public init() {}

    public func write(_ plan: ContactPlan, to output: some TextOutput) throws {
        let decision = plan.decision
        output.line(try JSONLine([
            ("campaign", .string(plan.campaign)),
            ("contact", .string(plan.contact.email.value)),
            ("stage", .string(plan.stage?.name)),
            ("score", .int(plan.standing?.score)),
            ("decision", .string(decision.name)),
            ("step", .string(decision.stepID)),
            ("kind", .string(decision.kind?.rawValue)),
            ("content", .string(decision.content)),
            ("at", .string(decision.at.map(Timestamp.format))),
            ("reason", .string(decision.reason)),
            ("held_by", .string(plan.hold?.rule.rawValue)),
        ]).text())
    }
}
