import Foundation

/// What the planner says for one contact at one moment.
public enum Decision: Hashable, Sendable {
    /// Send this step now (or as soon as possible: `due` may be in the past).
    case send(Send)
    /// Nothing is due yet; something will be at `until`.
    case wait(Wait)
    /// The contact has left the nurture (customer, replied, unsubscribed …) or there is nothing left.
    case done(reason: String)
    /// The campaign has nothing for this contact.
    case skip(reason: String)

    public struct Send: Hashable, Sendable {
        public var step: String
        public var kind: StepKind
        /// The catalog item the email is about, if any.
        public var content: String?
        /// Ledger key part: the item id, a trigger's event type for a conversion with no item, or empty.
        public var contentKey: String
        public var due: Date
        /// The event that triggered the step, if any (the download a thank-you answers).
        public var trigger: ContactEvent?
        public var reason: String

        public init(step: String, kind: StepKind, content: String?, contentKey: String, due: Date, trigger: ContactEvent?, reason: String) {
            self.step = step
            self.kind = kind
            self.content = content
            self.contentKey = contentKey
            self.due = due
            self.trigger = trigger
            self.reason = reason
        }
    }

    public struct Wait: Hashable, Sendable {
        public var until: Date
        /// The step that will be due then.
        public var step: String
        public var kind: StepKind
        public var content: String?
        public var reason: String

        public init(until: Date, step: String, kind: StepKind, content: String?, reason: String) {
            self.until = until
            self.step = step
            self.kind = kind
            self.content = content
            self.reason = reason
        }
    }

    /// `send`, `wait`, `done` or `skip`.
    public var name: String {
        switch self {
        case .send: return "send"
        case .wait: return "wait"
        case .done: return "done"
        case .skip: return "skip"
        }
    }

    public var reason: String {
        switch self {
        case let .send(send): return send.reason
        case let .wait(wait): return wait.reason
        case let .done(reason), let .skip(reason): return reason
        }
    }

    public var stepID: String? {
        switch self {
        case let .send(send): return send.step
        case let .wait(wait): return wait.step
        case .done, .skip: return nil
        }
    }

    public var kind: StepKind? {
        switch self {
        case let .send(send): return send.kind
        case let .wait(wait): return wait.kind
        case .done, .skip: return nil
        }
    }

    public var content: String? {
        switch self {
        case let .send(send): return send.content
        case let .wait(wait): return wait.content
        case .done, .skip: return nil
        }
    }

    /// When: the due time of a send, the end of a wait.
    public var at: Date? {
        switch self {
        case let .send(send): return send.due
        case let .wait(wait): return wait.until
        case .done, .skip: return nil
        }
    }
}

/// A contact and the planner's decision for it, in one campaign, after pacing.
public struct ContactPlan: Hashable, Sendable {
    public var contact: Contact
    public var decision: Decision
    /// The campaign the decision is for ("" when the planner was used alone).
    public var campaign: String
    /// The pacing rule that holds the message back, when one does.
    public var hold: PacingHold?
    /// The qualified stage and score the decision was made on, when the campaign scores.
    public var standing: Standing?

    public init(contact: Contact, decision: Decision, campaign: String = "", hold: PacingHold? = nil, standing: Standing? = nil) {
        self.standing = standing
        self.contact = contact
        self.decision = decision
        self.campaign = campaign
        self.hold = hold
    }
}

extension ContactPlan {
    /// The stage the plan was decided on: the qualified one, or the contacts file's.
    public var stage: Stage? { standing?.stage ?? contact.stage }
}
