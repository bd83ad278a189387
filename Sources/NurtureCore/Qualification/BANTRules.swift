/// Budget, Authority, Need, Timing: where each is read and which answers count as positive. A contact
/// with all four known and positive is sales-qualified.
public struct BANTRules: Hashable, Sendable {
    public var budget: Criterion
    public var authority: Criterion
    public var need: Criterion
    public var timing: Criterion

    /// One of the four: a contacts column and/or an event property (the latest event with it wins over
    /// the column), and the answers that count as yes, normalised as topics are (`This quarter` is
    /// `this-quarter`, as is `this_quarter`).
    public struct Criterion: Hashable, Sendable {
        public var column: String?
        public var property: String?
        public var positive: Set<String>

        public init(column: String?, property: String?, positive: some Sequence<String>) {
            self.column = column
            self.property = property
            self.positive = Set(positive.map(Topic.normalize))
        }
    }

    public init(budget: Criterion, authority: Criterion, need: Criterion, timing: Criterion) {
        self.budget = budget
        self.authority = authority
        self.need = need
        self.timing = timing
    }

    /// In the order the letters go.
    public var criteria: [(BANTCriterion, Criterion)] {
        [(.budget, budget), (.authority, authority), (.need, need), (.timing, timing)]
    }

    public static let defaultYes = ["yes", "y", "true", "confirmed", "approved"]

    /// `bant_budget` … columns and `budget`, `authority`, `need`, `timeline` properties.
    public static let `default` = BANTRules(
        budget: Criterion(column: "bant_budget", property: "budget", positive: defaultYes + ["allocated"]),
        authority: Criterion(column: "bant_authority", property: "authority", positive: defaultYes + ["decision-maker"]),
        need: Criterion(column: "bant_need", property: "need", positive: defaultYes),
        timing: Criterion(column: "bant_timing", property: "timeline", positive: defaultYes + ["now", "this-month", "this-quarter", "next-quarter"]))
}

/// The four letters of BANT.
public enum BANTCriterion: String, CaseIterable, Hashable, Sendable {
    case budget, authority, need, timing
}

/// What is known of one BANT criterion, and from where.
public struct BANTAnswer: Hashable, Sendable {
    public var criterion: BANTCriterion
    /// The answer as given; nil when unknown.
    public var value: String?
    public var positive: Bool
    /// `column bant_budget`, or `form_submitted on 2026-11-20`.
    public var source: String?

    public init(criterion: BANTCriterion, value: String?, positive: Bool, source: String?) {
        self.criterion = criterion
        self.value = value
        self.positive = positive
        self.source = source
    }
}
