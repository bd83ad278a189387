import Foundation
import NurtureCore

/// `nurture simulate`: every contact's timeline over the next days, from the real planner. Read-only.
public struct SimulationService {
    public let planning: CampaignPlanning

    public init(planning: CampaignPlanning) { self.planning = planning }

    public func forEachTimeline(from start: Date, days: Int, only: EmailAddress?, _ body: (ContactTimeline) throws -> Void) throws {
        let simulator = Simulator(planner: Planner(campaign: planning.campaign))
        try planning.forEachPlan(now: start, only: only) { _, history in
            try body(simulator.timeline(for: history, from: start, days: days))
        }
    }
}

/// Text timelines for people: one block per contact with emails, then how the nurture stands.
public final class TimelineTextWriter {
    private var emailsPerStep: [String: Int] = [:]
    private var contacts = 0
    private var withEmail = 0
    private var ended = 0

    public init() {}

    public func write(_ timeline: ContactTimeline, to output: some TextOutput) {
        contacts += 1
        if !timeline.emails.isEmpty { withEmail += 1 }
        if timeline.ended { ended += 1 }
        output.line("\(timeline.contact.email.value) (\(timeline.contact.stage?.name ?? "no stage"))")
        for email in timeline.emails {
            emailsPerStep[email.send.step, default: 0] += 1
            let content = email.send.content.map { " [\($0)]" } ?? ""
            output.line("  day \(email.day)  \(ReasonDate.format(email.at))  \(email.send.step)\(content): \(email.send.reason)")
        }
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

/// JSON Lines: one object per simulated email, with contact, day, step, kind, content, at, reason.
public struct TimelineJSONWriter {
    private let encoder: JSONEncoder

    public init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    public func write(_ timeline: ContactTimeline, to output: some TextOutput) throws {
        for email in timeline.emails {
            let row = Row(contact: timeline.contact.email.value, day: email.day, step: email.send.step, kind: email.send.kind.rawValue,
                          content: email.send.content, at: Timestamp.format(email.at), reason: email.send.reason)
            output.line(String(decoding: try encoder.encode(row), as: UTF8.self))
        }
    }

    struct Row: Encodable {
        let contact: String
        let day: Int
        let step: String
        let kind: String
        let content: String?
        let at: String
        let reason: String

        enum CodingKeys: String, CodingKey { case contact, day, step, kind, content, at, reason }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(contact, forKey: .contact)
            try container.encode(day, forKey: .day)
            try container.encode(step, forKey: .step)
            try container.encode(kind, forKey: .kind)
            try container.encode(content, forKey: .content)
            try container.encode(at, forKey: .at)
            try container.encode(reason, forKey: .reason)
        }
    }
}
