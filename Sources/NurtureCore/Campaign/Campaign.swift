/// A nurture campaign as the planner uses it: validated, with every reference resolved.
public struct Campaign: Hashable, Sendable {
    public var name: String
    public var sender: Sender
    public var ladder: StageLadder
    public var catalog: [CatalogItem]
    public var steps: [Step]
    public var exit: ExitRule
    /// Which campaign wins a contested slot when several run together: higher first, then by name.
    public var priority: Int
    /// Gaps, caps, send windows, relay and domain limits.
    public var pacing: PacingPolicy
    /// The scoring file the campaign names: contacts are qualified by it (score, BANT, stage moves) before
    /// the planner decides. Without one, a contact's stage is the contacts file's.
    public var scoring: ScoringRules?

    public init(
        name: String, sender: Sender, ladder: StageLadder = .default, catalog: [CatalogItem], steps: [Step], exit: ExitRule = .default,
        priority: Int = 0, pacing: PacingPolicy = .default, scoring: ScoringRules? = nil
    ) {
        self.scoring = scoring
        self.priority = priority
        self.pacing = pacing
        self.name = name
        self.sender = sender
        self.ladder = ladder
        self.catalog = catalog
        self.steps = steps
        self.exit = exit
    }

    public func item(_ id: String) -> CatalogItem? { catalog.first { $0.id == id } }
    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }

    /// Steps in the order they win when several are due: by kind priority, then as written.
    public var stepsByPriority: [Step] {
        steps.enumerated().sorted { a, b in
            a.element.kind.priority != b.element.kind.priority
                ? a.element.kind.priority < b.element.kind.priority
                : a.offset < b.offset
        }.map(\.element)
    }
}

/// When a contact leaves the nurture for good: a person takes over, or we must stop.
public struct ExitRule: Hashable, Sendable {
    public var stages: [Stage]
    public var events: [EventType]

    public init(stages: [Stage], events: [EventType]) {
        self.stages = stages
        self.events = events
    }

    public static let `default` = ExitRule(
        stages: [.customer],
        events: [.emailReplied, .demoRequested, .purchased, .unsubscribed, .bounced, .complained]
    )
}
