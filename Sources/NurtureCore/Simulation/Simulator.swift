import Foundation

/// Plays campaigns forward for one contact, with the real paced planner, assuming the contact does nothing
/// new beyond the events already stored for later dates (those happen on their day, and a campaign that
/// scores moves the contact's stage then), each email recorded as sent before the next plan. Pacing plays too: gaps and caps across the campaigns, and the send
/// window in the contact's zone (a run inside quiet hours sends nothing that is not a thank-you).
/// Pure: the same inputs give the same timeline.
public struct Simulator: Sendable {
    public let paced: PacedPlanner

    public init(paced: PacedPlanner) { self.paced = paced }
    public init(planner: Planner) { self.init(paced: PacedPlanner(campaigns: [planner.campaign], slack: planner.slack)) }

    /// The longest a simulation plays (so a pathological campaign cannot loop): plans per contact.
    static let maxPlans = 2000

    /// Plays from `start` for `days` days as a scheduler that runs whenever something is due would (what
    /// `nurture serve` and `run --watch` do): at the start, then at each paced slot the plan names, so an
    /// email waiting for a contact's quiet hours goes at 08:00 in their zone, not at the next daily run.
    public func timeline(for history: ContactHistory, from start: Date, days: Int) -> ContactTimeline {
        var history = history
        var emails: [SimulatedEmail] = []
        let horizon = start.addingTimeInterval(TimeInterval(max(1, days)) * 86_400)
        var now = start
        for _ in 0..<Self.maxPlans {
            let decisions = paced.plan(history, now: now)
            var sent = false
            for decided in decisions {
                guard case let .send(send) = decided.decision else { continue }
                sent = true
                let day = Int(now.timeIntervalSince(start) / 86_400)
                emails.append(SimulatedEmail(day: day, at: now, send: send, campaign: decided.campaign, standing: decided.standing))
                history.elsewhere.append(SentMessage(step: send.step, contentKey: send.contentKey, content: send.content, at: now,
                                                     state: .sent, campaign: decided.campaign, kind: send.kind))
            }
            if sent { continue }   // the same moment again: another campaign or conversion may be due too
            // A stored event dated later happens on its day: it may convert or qualify the contact.
            let nextEvent = history.events.lazy.map(\.at).filter { $0 > now && $0 < horizon }.min()
            if nextEvent == nil, decisions.allSatisfy({ $0.decision.name == "done" || $0.decision.name == "skip" }) {
                return finished(ContactTimeline(contact: history.contact, emails: emails, end: decisions.first?.decision ?? .skip(reason: "no campaign")), history, start, now)
            }
            let next = (decisions.compactMap { decided -> Date? in
                if case let .wait(wait) = decided.decision { return wait.until }
                return nil
            } + [nextEvent].compactMap { $0 }).min()
            guard let next, next < horizon else { break }
            now = max(next, now.addingTimeInterval(1))
        }
        // The horizon ended first: say what would come next.
        let next = paced.plan(history, now: horizon)
        let end = next.first { $0.decision.name == "send" || $0.decision.name == "wait" } ?? next.first
        return finished(ContactTimeline(contact: history.contact, emails: emails, end: end?.decision ?? .skip(reason: "no campaign")), history, start, horizon)
    }

    /// The timeline with the contact's standing at the start and its stage moves up to `end` (by the
    /// first campaign that scores).
    private func finished(_ timeline: ContactTimeline, _ history: ContactHistory, _ start: Date, _ end: Date) -> ContactTimeline {
        var timeline = timeline
        timeline.start = start
        guard let qualifier = paced.planners.lazy.compactMap(\.qualifier).first else { return timeline }
        timeline.standing = qualifier.standing(of: history, now: start)
        timeline.moves = qualifier.qualify(history, now: end).moves.filter { ($0.at ?? start) > start }
        return timeline
    }
}

/// One email the simulation would send.
public struct SimulatedEmail: Hashable, Sendable {
    /// Whole days after the start: 0 is the first 24 hours.
    public var day: Int
    /// When it goes: the start, or the paced slot it waited for.
    public var at: Date
    public var send: Decision.Send
    public var campaign: String
    /// The contact's qualified stage and score when the email goes, when the campaign scores.
    public var standing: Standing?

    public init(day: Int, at: Date, send: Decision.Send, campaign: String = "", standing: Standing? = nil) {
        self.campaign = campaign
        self.standing = standing
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
    /// The contact's qualified standing at the start, when a campaign scores.
    public var standing: Standing?
    /// The stage moves inside the simulated days, oldest first.
    public var moves: [StageMove] = []
    /// Where the simulation started (day 0).
    public var start: Date = .distantPast

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
