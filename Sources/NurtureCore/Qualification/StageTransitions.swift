/// How contacts move up the ladder by themselves, declared beside the rules. Each rule names the rung it
/// moves to; a move only ever goes up, so a rule whose rung is not above the contact's does nothing.
public struct StageTransitions: Hashable, Sendable {
    /// A conversion (form, download, webinar sign-up) moves a contact in `from` to `to` (subscriber → lead).
    public var conversion: EventTransition?
    /// A score at or above the threshold moves a contact in `from` to `to` (subscriber, lead → mql).
    public var score: ScoreTransition?
    /// All four BANT criteria known and positive: to this rung (prospect).
    public var bant: Stage?
    /// Asking for a demo, a quote or the pricing page (prospect).
    public var salesRequest: EventTransition?
    /// A purchase (customer).
    public var purchase: EventTransition?

    public init(conversion: EventTransition?, score: ScoreTransition?, bant: Stage?, salesRequest: EventTransition?, purchase: EventTransition?) {
        self.conversion = conversion
        self.score = score
        self.bant = bant
        self.salesRequest = salesRequest
        self.purchase = purchase
    }

    public static let `default` = StageTransitions(
        conversion: EventTransition(to: .lead, from: [.subscriber], matches: [
            EventMatch(types: [.formSubmitted, .contentDownloaded, .webinarRegistered]),
        ]),
        score: ScoreTransition(to: .mql, from: [.subscriber, .lead], threshold: 50),
        bant: .prospect,
        salesRequest: EventTransition(to: .prospect, matches: [
            EventMatch(types: [.demoRequested, .quoteRequested]),
            EventMatch(types: [.pageViewed], properties: [.init(name: "page", values: ["pricing"])]),
        ]),
        purchase: EventTransition(to: .customer, matches: [EventMatch(types: [.purchased])]))

    /// Every rung a transition names (to check them against a campaign's ladder).
    public var stages: [Stage] {
        [conversion?.to, score?.to, bant, salesRequest?.to, purchase?.to].compactMap { $0 }
            + (conversion?.from ?? []) + (score?.from ?? [])
    }
}

/// A move made by an event.
public struct EventTransition: Hashable, Sendable {
    public var to: Stage
    /// Only from these rungs; empty means from any rung below `to`.
    public var from: [Stage]
    public var matches: [EventMatch]

    public init(to: Stage, from: [Stage] = [], matches: [EventMatch]) {
        self.to = to
        self.from = from
        self.matches = matches
    }

    func matches(_ event: ContactEvent) -> Bool { matches.contains { $0.matches(event) } }
}

/// A move made by the score reaching a threshold.
public struct ScoreTransition: Hashable, Sendable {
    public var to: Stage
    public var from: [Stage]
    public var threshold: Int

    public init(to: Stage, from: [Stage] = [], threshold: Int) {
        self.to = to
        self.from = from
        self.threshold = threshold
    }
}
