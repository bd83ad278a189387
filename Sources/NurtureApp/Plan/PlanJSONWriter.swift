import Foundation
import NurtureCore

/// `nurture plan --format json`: JSON Lines, one object per contact, written as it comes.
/// Keys: campaign, contact, stage (the qualified one when the campaign scores), score (null without scoring), decision, step, kind, content, at, reason, held_by (the pacing rule holding a send back; null where not applicable).
public struct PlanJSONWriter: Sendable {
    public init() {}

    public func write(_ plan: ContactPlan, to output: some TextOutput) throws {
        output.line(utf8: try lineUTF8(plan))
    }

    /// The plan's line as UTF-8, without the newline (pure: made on the planning's slices, side by side), for
    /// `TextOutput.line(utf8:)`.
    public func lineUTF8(_ plan: ContactPlan) throws -> [UInt8] {
        let decision = plan.decision
        return try JSONLine(keys: Self.keys, values: [
            .string(decision.at.map(Timestamp.format)),
            .string(plan.campaign),
            .string(plan.contact.email.value),
            .string(decision.content),
            .string(decision.name),
            .string(plan.hold?.rule.rawValue),
            .string(decision.kind?.rawValue),
            .string(decision.reason),
            .int(plan.standing?.score),
            .string(plan.stage?.name),
            .string(decision.stepID),
        ]).utf8()
    }

    /// The line's keys, made ready once.
    private static let keys = JSONLine.Keys(["at", "campaign", "contact", "content", "decision", "held_by", "kind", "reason", "score", "stage", "step"])
}
