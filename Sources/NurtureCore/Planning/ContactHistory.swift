import Foundation

/// Everything the planner needs to know about one contact for one campaign.
public struct ContactHistory: Hashable, Sendable {
    public var contact: Contact
    /// The contact's events, in any order.
    public var events: [ContactEvent]
    /// Stages people set by hand, in any order (see `Qualifier`).
    public var stageOverrides: [StageOverride] = []
    /// What this campaign has already recorded for the contact.
    public var sent: [SentMessage]
    /// What other campaigns recorded for the contact: pacing counts every email, whatever the campaign,
    /// and a conversion another campaign thanked is not thanked again.
    public var elsewhere: [SentMessage]
    /// True when the address is suppressed for every campaign (hard bounce, complaint, unsubscribe from everything).
    public var suppressed: Bool
    /// The campaigns (by name) the contact unsubscribed from one by one, and when: every one of them, not
    /// only the campaign the history was read for, since one history is planned for several campaigns.
    public var unsubscribedFrom: [String: Date]

    public init(
        contact: Contact, events: [ContactEvent] = [], sent: [SentMessage] = [], suppressed: Bool = false,
        elsewhere: [SentMessage] = [], unsubscribedFrom: [String: Date] = [:]
    ) {
        self.elsewhere = elsewhere
        self.contact = contact
        self.events = events
        self.sent = sent
        self.suppressed = suppressed
        self.unsubscribedFrom = unsubscribedFrom
    }

    /// The same contact seen from `campaign`: its own ledger entries in `sent`, every other campaign's in
    /// `elsewhere`.
    public func focused(on campaign: String) -> ContactHistory {
        // Already so (the common case: one campaign, or a history built for it): no copy.
        if elsewhere.allSatisfy({ $0.campaign != campaign }) && sent.allSatisfy({ $0.campaign == campaign || $0.campaign.isEmpty }) {
            return self
        }
        var copy = self
        let all = sent + elsewhere
        copy.sent = all.filter { $0.campaign == campaign }
        copy.elsewhere = all.filter { $0.campaign != campaign }
        return copy
    }

    /// Every email to the contact in any campaign, for pacing.
    public var mailingTimes: [Date] { (sent + elsewhere).map(\.at) }
}
