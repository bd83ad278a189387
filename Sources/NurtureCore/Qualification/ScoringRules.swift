/// A scoring file as the core uses it: the rules, the score bands, BANT and the stage transitions.
/// Campaigns name one (`scoring: ../scoring/default.yaml`); the planner qualifies contacts with it.
public struct ScoringRules: Hashable, Sendable {
    /// The file the rules come from, for "who moved the contact": `rules in scoring/default.yaml`.
    public var source: String
    public var rules: [ScoringRule]
    /// Named score bands, lowest first (`cold` from any score, `warm` from 20, `hot` from 50).
    public var bands: [ScoreBand]
    public var bant: BANTRules
    public var transitions: StageTransitions

    public init(source: String, rules: [ScoringRule], bands: [ScoreBand] = ScoreBand.defaults, bant: BANTRules = .default, transitions: StageTransitions = .default) {
        self.source = source
        self.rules = rules
        self.bands = bands.sorted { $0.from < $1.from }
        self.bant = bant
        self.transitions = transitions
    }

    /// The band a score falls in: the highest whose `from` it reaches.
    public func band(of score: Int) -> ScoreBand? { bands.last { score >= $0.from } ?? bands.first }
}

/// A named range of scores, from `from` up to the next band.
public struct ScoreBand: Hashable, Sendable {
    public var name: String
    public var from: Int

    public init(name: String, from: Int) {
        self.name = name
        self.from = from
    }

    public static let defaults = [ScoreBand(name: "cold", from: Int.min), ScoreBand(name: "warm", from: 20), ScoreBand(name: "hot", from: 50)]
}
