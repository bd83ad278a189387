import Foundation

/// One row of the send ledger: a message of a campaign to a contact, keyed by
/// (contact, campaign, step, content key), and where its delivery stands.
public struct LedgerEntry: Hashable, Sendable {
    public var id: Int64
    public var contactID: Int64
    public var email: EmailAddress
    public var campaign: String
    public var step: String
    public var contentKey: String
    public var content: String?
    public var messageID: String?
    public var state: DeliveryState
    /// Delivery attempts that reached the transport.
    public var attempts: Int
    /// What the server said last (or why the state changed), never credentials.
    public var lastReply: String?
    /// When the entry was claimed: also the Date header of the message, so a retry rebuilds the same bytes.
    public var createdAt: Date
    public var updatedAt: Date
    public var sentAt: Date?
    public var nextAttemptAt: Date?

    public init(
        id: Int64, contactID: Int64, email: EmailAddress, campaign: String, step: String, contentKey: String,
        content: String?, messageID: String?, state: DeliveryState, attempts: Int, lastReply: String?,
        createdAt: Date, updatedAt: Date, sentAt: Date?, nextAttemptAt: Date?
    ) {
        self.id = id
        self.contactID = contactID
        self.email = email
        self.campaign = campaign
        self.step = step
        self.contentKey = contentKey
        self.content = content
        self.messageID = messageID
        self.state = state
        self.attempts = attempts
        self.lastReply = lastReply
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.sentAt = sentAt
        self.nextAttemptAt = nextAttemptAt
    }
}

/// A message a run is about to send: claimed in the ledger before anything goes out.
public struct PlannedMessage: Hashable, Sendable {
    public var contactID: Int64
    public var campaign: String
    public var step: String
    public var contentKey: String
    public var content: String?
    public var messageID: String
    public var plannedAt: Date
    /// The step's kind, recorded so that other campaigns know a thank-you when they see one.
    public var kind: StepKind?

    public init(contactID: Int64, campaign: String, step: String, contentKey: String, content: String?, messageID: String, plannedAt: Date, kind: StepKind? = nil) {
        self.kind = kind
        self.contactID = contactID
        self.campaign = campaign
        self.step = step
        self.contentKey = contentKey
        self.content = content
        self.messageID = messageID
        self.plannedAt = plannedAt
    }
}

/// A change to one ledger entry: the outcome of a delivery attempt, or a person's resolution.
public struct LedgerUpdate: Hashable, Sendable {
    public var id: Int64
    public var state: DeliveryState
    public var reply: String?
    public var at: Date
    /// For `deferred`: when to try again.
    public var nextAttemptAt: Date?
    /// True when this update ends a delivery attempt (attempts + 1).
    public var countsAttempt: Bool
    /// For `bounced`: put the address on the suppression list, with this reason, in the same transaction.
    public var suppressReason: String?

    public init(id: Int64, state: DeliveryState, reply: String?, at: Date, nextAttemptAt: Date? = nil, countsAttempt: Bool = true, suppressReason: String? = nil) {
        self.id = id
        self.state = state
        self.reply = reply
        self.at = at
        self.nextAttemptAt = nextAttemptAt
        self.countsAttempt = countsAttempt
        self.suppressReason = suppressReason
    }
}

/// Which ledger entries to list.
public struct LedgerQuery: Hashable, Sendable {
    public var campaign: String?
    public var contact: EmailAddress?
    public var states: [DeliveryState]
    public var limit: Int?

    public init(campaign: String? = nil, contact: EmailAddress? = nil, states: [DeliveryState] = [], limit: Int? = nil) {
        self.campaign = campaign
        self.contact = contact
        self.states = states
        self.limit = limit
    }
}
