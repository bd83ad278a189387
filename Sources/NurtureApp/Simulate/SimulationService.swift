import Foundation
import NurtureCore

/// `nurture simulate`: every contact's timeline over the next days, from the real planner. Read-only.
public struct SimulationService {
    public let planning: CampaignPlanning

    public init(planning: CampaignPlanning) { self.planning = planning }

    public func forEachTimeline(from start: Date, days: Int, only: EmailAddress?, _ body: (ContactTimeline) throws -> Void) throws {
        let simulator = Simulator(paced: planning.paced)
        var seen = false
        try planning.store.forEachHistoryBatch(campaign: planning.campaign.name, only: only, batchSize: planning.batchSize) { batch in
            for history in batch {
                seen = true
                try body(simulator.timeline(for: history, from: start, days: days))
            }
        }
        if let only, !seen { throw NurtureError("no contact \(only) in the store") }
    }
}

/// Text timelines for people: one block per contact with emails, then how the nurture stands.
public final class TimelineTextWriter {
    private var emailsPerStep: [String: Int] = [:]
    private var contacts = 0
    private var withEmail = 0
    private var ended = 0
    /// Name each email's campaign (when several are simulated together).
    private let showCampaign: Bool

    public init(showCampaign: Bool = false) { self.showCampaign = showCampaign }

    public func write(_ timeline: ContactTimeline, to output: some TextOutput) {
        contacts += 1
        if !timeline.emails.isEmpty { withEmail += 1 }
        if timeline.ended { ended += 1 }
        let standing = timeline.standing.map { "\($0.stage?.name ?? "no stage"), score \($0.score)" } ?? timeline.contact.stage?.name ?? "no stage"
        output.line("\(timeline.contact.email.value) (\(standing))")
        // Emails and stage moves, in time order (a move before an email at the same moment).
        var moves = timeline.moves[...]
        func writeMoves(until end: Date?) {
            while let move = moves.first, let at = move.at, end.map({ at <= $0 }) ?? true {
                moves.removeFirst()
                let day = Int(at.timeIntervalSince(timeline.start) / 86_400)
                output.line("  day \(day)  \(ReasonDate.format(at))  stage \(move.from?.name ?? "-") → \(move.to.name): \(move.cause.printable) (by \(move.by.printable))")
            }
        }
        for email in timeline.emails {
            writeMoves(until: email.at)
            emailsPerStep[email.send.step, default: 0] += 1
            let content = email.send.content.map { " [\($0)]" } ?? ""
            let campaign = showCampaign ? "\(email.campaign)/" : ""
            let stage = email.standing.map { " (\($0.stage?.name ?? "no stage"), score \($0.score))" } ?? ""
            output.line("  day \(email.day)  \(ReasonDate.format(email.at))  \(campaign)\(email.send.step)\(content)\(stage): \(email.send.reason)")
        }
        writeMoves(until: nil)
        switch timeline.end {
        case let .done(reason): output.line("  end: done: \(reason)")
        case let .skip(reason): output.line("  end: skip: \(reason)")
        case let .wait(wait): output.line("  after the horizon: waits until \(ReasonDate.format(wait.until)): \(wait.reason)")
        case let .send(send): output.line("  after the horizon: \(send.step) due: \(send.reason)")
        }
        output.line()
    }

    public func finish(to output: some TextOutput) {
        let total = emailsPerStep.values.reduce(0, +)
        let steps = emailsPerStep.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        output.line("\(total) email\(total == 1 ? "" : "s") to \(withEmail) of \(contacts) contacts" + (steps.isEmpty ? "" : " (\(steps))") + "; \(ended) nurture\(ended == 1 ? "" : "s") ended inside the horizon")
    }
}

/// JSON Lines: one object per simulated email, with contact, day, step, kind, content, at, reason, and the
/// contact's stage and score when it goes (the qualified ones when the campaign scores; score null without).
public struct TimelineJSONWriter {
    public init() {}

    public func write(_ timeline: ContactTimeline, to output: some TextOutput) throws {
        for email in timeline.emails {
            output.line(try JSONLine([
                ("contact", .string(timeline.contact.email.value)),
                ("day", .int(email.day)),
                ("campaign", .string(email.campaign)),
                ("step", .string(email.send.step)),
                ("kind", .string(email.send.kind.rawValue)),
                ("content", .string(email.send.content)),
                ("at", .string(Timestamp.format(email.at))),
                ("reason", .string(email.send.reason)),
                ("stage", .string(email.standing?.stage?.name ?? timeline.contact.stage?.name)),
                ("score", .int(email.standing?.score)),
            ]).text())
        }
    }
}
