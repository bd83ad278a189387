import Foundation
import NurtureCore

/// `nurture plan --format json`: JSON Lines, one object per contact, written as it comes.
/// Keys: campaign, contact, stage (the qualified one when the campaign scores), score (null without scoring), decision, step, kind, content, at, reason, held_by (the pacing rule holding a send back; null where not applicable).
public struct PlanJSONWriter: Sendable {
    public init() {}

    public func write(_ plan: ContactPlan, to output: some TextOutput) throws {
        output.line(try line(plan))
    }

    /// The plan's line, without the newline (pure: made on the planning's slices, side by side).
    public func line(_ plan: ContactPlan) throws -> String {
        let decision = plan.decision
        // In key order (the line's order): nothing to sort.
        return try JSONLine([
            ("at", .string(decision.at.map(Timestamp.format))),
            ("campaign", .string(plan.campaign)),
            ("contact", .string(plan.contact.email.value)),
            ("content", .string(decision.content)),
            ("decision", .string(decision.name)),
            ("held_by", .string(plan.hold?.rule.rawValue)),
            ("kind", .string(decision.kind?.rawValue)),
            ("reason", .string(decision.reason)),
            ("score", .int(plan.standing?.score)),
            ("stage", .string(plan.stage?.name)),
            ("step", .string(decision.stepID)),
        ]).text()
    }
}
