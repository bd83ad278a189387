import Foundation

/// Plays a campaign forward day by day for one contact, with the real planner, assuming the contact
/// does nothing new: `days` runs, one a day at the starting time of day (day 0 is the start), at most
/// one email per run, each email
/// recorded as sent before the next run. Pure: the same inputs give the same timeline.
public struct Simulator: Sendable {
    public let planner: Planner

    public init(planner: Planner) { self.planner = planner }

    public func timeline(for history: ContactHistory, from start: Date, days: Int) -> ContactTimeline {
        var history = history
        var emails: [SimulatedEmail] = []
        var last: Decision = .skip(reason: "not simulated")
        for day in 0..<max(1, days) {
            let now = start.addingTimeInterval(TimeInterval(day) * 86_400)
            last = planner.decide(history, now: now)
            switch last {
            case let .send(send):
                emails.append(SimulatedEmail(day: day, at: now, send: send))
                history.sent.append(SentMessage(step: send.step, contentKey: send.contentKey, content: send.content, at: now, state: .sent))
            case .wait:
                continue
            case .done, .skip:
                return ContactTimeline(contact: history.contact, emails: emails, end: last)
            }
        }
        // The horizon ended first: say what would come next.
        let horizon = start.addingTimeInterval(TimeInterval(max(1, days)) * 86_400)
        return ContactTimeline(contact: history.contact, emails: emails, end: planner.decide(history, now: horizon))
    }
}

/// One email the simulation would send.
public struct SimulatedEmail: Hashable, Sendable {
    /// Days after the start: 0 is the first run.
    public var day: Int
    /// When the run that sends it happens.
    public var at: Date
    public var send: Decision.Send

    public init(day: Int, at: Date, send: Decision.Send) {
        self.day = day
        self.at = at
        self.send = send
    }
}

/// A contact's simulated emails, and how the nurture stands at the end.
public struct ContactTimeline: Hashable, Sendable {
    public var contact: Contact
    public var emails: [SimulatedEmail]
    /// `done` or `skip` when the nurture ended inside the horizon; otherwise what comes after it.
    public var end: Decision

    public init(contact: Contact, emails: [SimulatedEmail], end: Decision) {
        self.contact = contact
        self.emails = emails
        self.end = end
    }

    /// True when the nurture ended (done or skip) inside the horizon.
    public var ended: Bool {
        switch end {
        case .done, .skip: return true
        case .send, .wait: return false
        }
    }
}
