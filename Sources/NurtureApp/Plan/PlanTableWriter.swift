import NurtureCore

/// `nurture plan --format text`: an aligned table, one contact a row, then a summary line.
/// Rows are held until the end to size the columns; the reason column is last and not padded.
public final class PlanTableWriter {
    private var rows: [[String]] = []
    private var summary = PlanSummary()
    private let header: [String]
    /// A CAMPAIGN column, when several campaigns are planned together.
    private let showCampaign: Bool

    public init(showCampaign: Bool = false) {
        self.showCampaign = showCampaign
        self.header = (showCampaign ? ["CAMPAIGN"] : []) + ["CONTACT", "STAGE", "SCORE", "DECISION", "STEP", "CONTENT", "AT", "REASON"]
    }

    public func add(_ plan: ContactPlan) {
        let decision = plan.decision
        summary.add(decision, hold: plan.hold)
        rows.append((showCampaign ? [plan.campaign] : []) + [
            plan.contact.email.value,
            plan.stage?.name ?? "-",
            plan.standing.map { String($0.score) } ?? "-",
            decision.name,
            decision.stepID ?? "-",
            decision.content ?? "-",
            decision.at.map(ReasonDate.format) ?? "-",
            decision.reason,
        ])
    }

    public func finish(to output: some TextOutput) {
        AlignedTable.write(header: header, rows: rows, to: output)
        output.line()
        output.line(summary.line)
    }
}
