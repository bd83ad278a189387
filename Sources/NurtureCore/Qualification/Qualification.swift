import Foundation

/// A contact's stage and score as the rules see them at one moment, in short: what plans show.
public struct Standing: Hashable, Sendable {
    public var stage: Stage?
    public var score: Int
    public var band: String?

    public init(stage: Stage?, score: Int, band: String?) {
        self.stage = stage
        self.score = score
        self.band = band
    }
}

/// A contact qualified at one moment, with every reason: the score rule by rule, BANT, and the moves.
public struct Qualification: Hashable, Sendable {
    public var standing: Standing
    /// Each rule that gave points, biggest first (by absolute value).
    public var rules: [RuleScore]
    public var bant: [BANTAnswer]
    /// Every move, oldest first: where the contact started, then each rule's or person's move.
    public var moves: [StageMove]

    public init(standing: Standing, rules: [RuleScore], bant: [BANTAnswer], moves: [StageMove]) {
        self.standing = standing
        self.rules = rules
        self.bant = bant
        self.moves = moves
    }

    public var stage: Stage? { standing.stage }
    public var score: Int { standing.score }
}

/// What one rule gives a contact: the sum of its items, capped.
public struct RuleScore: Hashable, Sendable {
    public var rule: String
    /// After decay and cap.
    public var points: Double
    /// The cap, when it bit.
    public var cappedAt: Int?
    /// One per matching event (behaviour) or one for the attribute, oldest first.
    public var items: [ScoreItem]

    public init(rule: String, points: Double, cappedAt: Int?, items: [ScoreItem]) {
        self.rule = rule
        self.points = points
        self.cappedAt = cappedAt
        self.items = items
    }
}

/// One contribution: an attribute's points, or an event's, decayed from the full points by its age.
public struct ScoreItem: Hashable, Sendable {
    /// The event, for a behaviour; nil for an attribute.
    public var event: ContactEvent?
    /// The rule's full points.
    public var full: Int
    /// What is left at the moment of scoring.
    public var points: Double
    public var decay: ScoreDecay

    public init(event: ContactEvent?, full: Int, points: Double, decay: ScoreDecay) {
        self.event = event
        self.full = full
        self.points = points
        self.decay = decay
    }
}
