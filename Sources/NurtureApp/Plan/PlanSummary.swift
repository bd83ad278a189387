import NurtureCore

/// Counts of decisions, per decision and per step, for the closing line of a plan.
public struct PlanSummary: Hashable, Sendable {
    public private(set) var contacts = 0
    public private(set) var byDecision: [String: Int] = [:]
    public private(set) var sendsByStep: [String: Int] = [:]
    /// Sends held back by pacing, by rule.
    public private(set) var heldByRule: [PacingRule: Int] = [:]

    public init() {}

    /// Counts one plan (a contact in one campaign: "contacts" counts plans).
    public mutating func add(_ decision: Decision, hold: PacingHold? = nil) {
        contacts += 1
        byDecision[decision.name, default: 0] += 1
        if case let .send(send) = decision { sendsByStep[send.step, default: 0] += 1 }
        if let hold { heldByRule[hold.rule, default: 0] += 1 }
    }

    /// `51 contacts: 21 send (thank-you 9, related-content 7 …), 10 wait, 14 done, 6 skip`.
    public var line: String {
        let steps = sendsByStep.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
        let send = "\(byDecision["send", default: 0]) send" + (steps.isEmpty ? "" : " (\(steps.joined(separator: ", ")))")
        let rest = ["wait", "done", "skip"].map { "\(byDecision[$0, default: 0]) \($0)" }
        let held = heldByRule.isEmpty ? "" : "; held back by pacing: " + heldByRule.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }
            .map { "\($0.key.label) \($0.value)" }.joined(separator: ", ")
        return "\(contacts) contact\(contacts == 1 ? "" : "s"): " + ([send] + rest).joined(separator: ", ") + held
    }
}
