import Foundation
import NurtureCore

/// `nurture plan --format json`: JSON Lines, one object per contact, written as it comes.
/// Keys: contact, stage, decision, step, kind, content, at, reason (null where not applicable).
public struct PlanJSONWriter {
    private let encoder: JSONEncoder

    public init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    public func write(_ plan: ContactPlan, to output: some TextOutput) throws {
        let decision = plan.decision
        let row = Row(
            contact: plan.contact.email.value,
            stage: plan.contact.stage?.name,
            decision: decision.name,
            step: decision.stepID,
            kind: decision.kind?.rawValue,
            content: decision.content,
            at: decision.at.map(Timestamp.format),
            reason: decision.reason
        )
        output.line(String(decoding: try encoder.encode(row), as: UTF8.self))
    }

    struct Row: Encodable {
        let contact: String
        let stage: String?
        let decision: String
        let step: String?
        let kind: String?
        let content: String?
        let at: String?
        let reason: String

        enum CodingKeys: String, CodingKey { case contact, stage, decision, step, kind, content, at, reason }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(contact, forKey: .contact)
            try container.encode(stage, forKey: .stage)
            try container.encode(decision, forKey: .decision)
            try container.encode(step, forKey: .step)
            try container.encode(kind, forKey: .kind)
            try container.encode(content, forKey: .content)
            try container.encode(at, forKey: .at)
            try container.encode(reason, forKey: .reason)
        }
    }
}
