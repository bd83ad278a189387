import Foundation
import NurtureCore

/// Every message that is due, planned and rendered exactly as a run would, and handed to `each`, with
/// nothing sent and nothing written to the store: `nurture run --dry-run` prints them, `nurture preview`
/// writes them to files.
public struct RunRehearsal {
    public let planning: CampaignPlanning
    /// One composer per campaign, by campaign name.
    public let composers: [String: MessageComposer]

    public init(planning: CampaignPlanning, composer: MessageComposer) {
        self.init(planning: planning, composers: [composer.campaign.name: composer])
    }

    public init(planning: CampaignPlanning, composers: [String: MessageComposer]) {
        self.planning = planning
        self.composers = composers
    }

    /// - Parameter each: called with each message and its 1-based number; returns what the report lists
    ///   for it (a file written), or nil for nothing (a dry run prints as it goes: its memory stays flat).
    ///
    /// Without a `limit`, messages are composed inside the planning's slices, on every core; with one, here,
    /// only as many as it allows.
    public func run(now: Date, only: EmailAddress?, limit: Int?, each: (ComposedMessage, Int) throws -> String?) throws -> Report {
        var report = Report()
        let composers = self.composers
        let composeAhead = limit == nil
        try planning.forEachPlan(now: now, only: only, prepare: { plan, view in
            composeAhead ? Self.compose(plan, for: view, composers: composers, now: now) : nil
        }) { plan, history, composed in
            report.plans.add(plan.decision, hold: plan.hold)
            guard case let .send(send) = plan.decision else { return }
            if let limit, report.rendered >= limit { return }
            switch composed ?? Self.compose(plan, for: history, composers: composers, now: now) {
            case let .success(message)?:
                report.rendered += 1
                if let listed = try each(message, report.rendered) { report.written.append(listed) }
                report.perStep[send.step, default: 0] += 1
            case let .failure(error)?:
                report.skipped.append((plan.contact.email.value, error.description))
            case nil:
                return
            }
        }
        return report
    }

    /// The message a `send` plan makes (nil for other decisions, or with no composer), or why it cannot be made.
    private static func compose(
        _ plan: ContactPlan, for history: ContactHistory, composers: [String: MessageComposer], now: Date
    ) -> Result<ComposedMessage, ComposeError>? {
        guard case let .send(send) = plan.decision, let composer = composers[plan.campaign] ?? composers.first?.value else { return nil }
        // The planner's standing is the composer's own only for the same campaign (same scoring rules).
        let standing = composer.campaign.name == plan.campaign ? plan.standing : nil
        return Result { () throws(ComposeError) in try composer.compose(send, for: history, date: now, standing: standing) }
    }

    public struct Report: Sendable {
        /// How many messages were rendered.
        public var rendered = 0
        /// What `each` returned for the messages, in order.
        public var written: [String] = []
        public var perStep: [String: Int] = [:]
        /// Contacts with a due message that could not be composed, and why.
        public var skipped: [(contact: String, reason: String)] = []
        public var plans = PlanSummary()

        /// Lines for people: counts per step, skipped contacts with reasons, the plan's other decisions.
        public var lines: [String] {
            var out = ["\(rendered) message\(rendered == 1 ? "" : "s") rendered"
                + (perStep.isEmpty ? "" : " (" + perStep.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")]
            if !skipped.isEmpty {
                out.append("\(skipped.count) skipped:")
                out += skipped.map { "  \($0.contact): \($0.reason)" }
            }
            out.append("plan: " + plans.line)
            return out
        }
    }
}
