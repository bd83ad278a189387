import Foundation
import NurtureCore

/// `nurture run --dry-run`: everything a run would do up to the wire, reported, with nothing sent and
/// nothing written.
public struct RunRehearsal {
    public let planning: CampaignPlanning
    public let composer: MessageComposer

    public init(planning: CampaignPlanning, composer: MessageComposer) {
        self.planning = planning
        self.composer = composer
    }

    public func run(now: Date, only: EmailAddress?, limit: Int?, each: (ComposedMessage) -> Void) throws -> PreviewService.Report {
        var report = PreviewService.Report()
        try planning.forEachPlan(now: now, only: only) { plan, history in
            report.plans.add(plan.decision)
            guard case let .send(send) = plan.decision else { return }
            if let limit, report.written.count >= limit { return }
            do {
                let message = try composer.compose(send, for: history, date: now)
                report.written.append(message.messageID)
                report.perStep[send.step, default: 0] += 1
                each(message)
            } catch let error as ComposeError {
                report.skipped.append((plan.contact.email.value, error.description))
            }
        }
        return report
    }
}
