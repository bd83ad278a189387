/// Everything the planner needs to know about one contact for one campaign.
public struct ContactHistory: Hashable, Sendable {
    public var contact: Contact
    /// The contact's events, in any order.
    public var events: [ContactEvent]
    /// What this campaign has already recorded for the contact.
    public var sent: [SentMessage]
    /// True when the address is on the suppression list (hard bounce, complaint, unsubscribe).
    public var suppressed: Bool

    public init(contact: Contact, events: [ContactEvent] = [], sent: [SentMessage] = [], suppressed: Bool = false) {
        self.contact = contact
        self.events = events
        self.sent = sent
        self.suppressed = suppressed
    }
}
