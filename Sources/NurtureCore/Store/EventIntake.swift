import Foundation

/// Events arriving one request at a time (`nurture serve`'s `POST /events`): each request's contacts and
/// events are stored whole or not at all.
public protocol EventIntake: Sendable {
    /// In one transaction: upserts `contacts` (as the contacts import does: a field not given leaves the
    /// stored value alone), then adds `events`, each at most once however often it is posted. An event's
    /// contact is created from its address when the store does not know it (a form post is how a lead
    /// arrives), except for suppressing events (unsubscribed, bounced, complained), which suppress the
    /// address and create no one.
    ///
    /// With `newContactsOnly` (a public form, which anyone can fill in with anyone's address), contact fields
    /// are taken only for a contact the store does not have yet: a stored contact's name, interests or time
    /// zone are never changed by such a post.
    ///
    /// With an `idempotencyKey`, a request whose key the store has seen (in the last 7 days) stores nothing:
    /// a client retrying after a lost answer, or a replayed request, changes nothing.
    func intake(contacts: [ContactRecord], events: [EventRecord], newContactsOnly: Bool, idempotencyKey: String?) throws -> IntakeResult
}

extension EventIntake {
    public func intake(contacts: [ContactRecord], events: [EventRecord]) throws -> IntakeResult {
        try intake(contacts: contacts, events: events, newContactsOnly: false, idempotencyKey: nil)
    }
}

/// What one intake stored.
public struct IntakeResult: Hashable, Sendable {
    /// Events new to the store; a replayed post stores none.
    public var newEvents: Int
    /// Events the store already had.
    public var duplicateEvents: Int
    /// Contacts created (by their own fields or by an event's address).
    public var newContacts: Int
    /// The addresses that have a new event: the send loop plans them at once.
    public var contactsWithNewEvents: Set<EmailAddress>
    /// The request's idempotency key was seen before: nothing was stored.
    public var replayed = false

    public init(newEvents: Int = 0, duplicateEvents: Int = 0, newContacts: Int = 0, contactsWithNewEvents: Set<EmailAddress> = []) {
        self.newEvents = newEvents
        self.duplicateEvents = duplicateEvents
        self.newContacts = newContacts
        self.contactsWithNewEvents = contactsWithNewEvents
    }
}

/// The records of an array, as a `RowSource` (line = position + 1).
public struct ArrayRowSource<Record: Sendable>: RowSource {
    private var records: [Record]
    private var index = 0

    public init(_ records: [Record]) { self.records = records }

    public mutating func next() -> ImportRow<Record>? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return ImportRow(line: index + 1, record: records[index])
    }
}
