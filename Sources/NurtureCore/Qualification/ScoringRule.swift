/// One line of a scoring file: points for who the contact is (an attribute) or for what they did (a
/// behaviour), possibly negative (a competitor's domain, an unsubscribe), with a cap and a decay.
public struct ScoringRule: Hashable, Sendable, Identifiable {
    public var id: String
    public var points: Int
    public var kind: Kind
    /// At most this many points (in absolute value) from this rule, however many events match it.
    public var cap: Int?
    /// How a behaviour's points fade with the event's age; always `.none` for an attribute.
    public var decay: ScoreDecay

    public enum Kind: Hashable, Sendable {
        case attribute(ContactAttribute, AttributeTest)
        /// Each event counts for the first behaviour rule (in file order) that matches it, so a specific
        /// rule (`page_viewed` of `pricing`) written before a general one (any other page) wins.
        case behaviour(EventMatch)
    }

    public init(id: String, points: Int, kind: Kind, cap: Int? = nil, decay: ScoreDecay = .none) {
        self.id = id
        self.points = points
        self.kind = kind
        self.cap = cap
        self.decay = decay
    }
}
