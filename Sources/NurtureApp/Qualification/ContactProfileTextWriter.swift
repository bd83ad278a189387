import Foundation
import NurtureCore

/// `nurture contact EMAIL`: the profile as sections for people.
public struct ContactProfileTextWriter {
    public init() {}

    public func write(_ profile: ContactProfile, to output: some TextOutput) {
        let contact = profile.contact
        let name = [contact.firstName, contact.lastName].compactMap { $0 }.joined(separator: " ")
        output.line("\(contact.email.value)\(name.isEmpty ? "" : " (\(name.printable))") at \(ReasonDate.format(profile.at))")
        for (label, value) in [("company", contact.company), ("job title", contact.jobTitle), ("time zone", contact.timeZone)] {
            if let value { output.line("  \(label): \(value.printable)") }
        }
        if !contact.interests.isEmpty { output.line("  interests: \(contact.interests.joined(separator: ", ").printable)") }
        for (key, value) in contact.customFields.sorted(by: { $0.key < $1.key }) { output.line("  \(key.printable): \(value.printable)") }

        output.line()
        guard let qualification = profile.qualification else {
            output.line("stage \(contact.stage?.name.printable ?? "-") (from the contacts file; no campaign names a scoring file)")
            writeCampaigns(profile, to: output)
            return
        }
        let standing = qualification.standing
        output.line("stage \(standing.stage?.name.printable ?? "-"), score \(standing.score)\(standing.band.map { " (\($0))" } ?? "")")
        output.line()
        output.line("score")
        if qualification.rules.isEmpty { output.line("  no rule gives points") }
        for rule in qualification.rules {
            let cap = rule.cappedAt.map { " (capped at \($0))" } ?? ""
            output.line("  \(PointsText.signed(rule.points))  \(rule.rule)\(cap)")
            for item in rule.items {
                guard let event = item.event else { continue }
                let decay = item.decay == .none ? "" : ", \(item.decay.spoken)"
                output.line("      \(PointsText.signed(item.points)) of \(PointsText.signed(Double(item.full)))\(decay): \(event.summary.printable)")
            }
        }
        output.line()
        output.line("BANT")
        for answer in qualification.bant {
            let value = answer.value.map { "\($0.printable) (\(answer.positive ? "positive" : "not positive"); \(answer.source ?? ""))" } ?? "unknown"
            output.line("  \(answer.criterion.rawValue): \(value)")
        }
        output.line()
        output.line("stage history")
        for move in qualification.moves {
            let when = move.at.map(ReasonDate.format) ?? "from the start"
            let from = move.from.map { "\($0.name.printable) → " } ?? ""
            output.line("  \(when)  \(from)\(move.to.name.printable): \(move.cause.printable) (by \(move.by.printable))")
        }
        output.line()
        output.line("events")
        if profile.events.isEmpty { output.line("  none") }
        for event in profile.events { output.line("  \(event.summary.printable)") }
        writeCampaigns(profile, to: output)
    }

    private func writeCampaigns(_ profile: ContactProfile, to output: some TextOutput) {
        for campaign in profile.campaigns {
            output.line()
            output.line("campaign \(campaign.campaign)")
            if campaign.sent.isEmpty { output.line("  ledger: nothing sent") }
            for message in campaign.sent {
                output.line("  ledger: \(message.step)\(message.content.map { " [\($0)]" } ?? "") \(message.state.rawValue) \(ReasonDate.format(message.at))")
            }
            let at = campaign.decision.at.map { " \(ReasonDate.format($0))" } ?? ""
            output.line("  next: \(campaign.decision.name) \(campaign.decision.stepID ?? "")\(at): \(campaign.decision.reason.printable)")
        }
    }
}
