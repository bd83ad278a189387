import Foundation

/// Qualifies contacts with one scoring file on one ladder: compiled once per campaign, then asked about
/// each contact at a moment. Pure and deterministic: the score and the stage are computed from the
/// contact, its events up to `now` and the stages people set, so nothing stored goes stale and
/// `--at` shows any moment.
///
/// The walk: the contact starts at the contacts file's stage (or the ladder's first rung), and at what its
/// columns alone qualify it for (BANT from columns, attribute points over the threshold). Then, event by
/// event, oldest first, each transition the event sets off moves it up, never down: a purchase, a sales
/// request, a conversion, the BANT answers becoming all positive, the score crossing the threshold.
/// A stage a person set takes over at its time, whatever the rules said, and holds until a later event
/// moves the contact up; a decayed score never moves anyone down.
public struct Qualifier: Sendable {
    /// The compiled rules, behind one reference: planners are copied per contact and campaign, and a
    /// copy must cost one retain, not one per table.
    private let compiled: Compiled

    public var rules: ScoringRules { compiled.rules }
    public var ladder: StageLadder { compiled.ladder }

    public init(rules: ScoringRules, ladder: StageLadder) { compiled = Compiled(rules: rules, ladder: ladder) }

    private var behaviourRules: [Int] { compiled.behaviourRules }
    private var points: [Double] { compiled.points }
    private var caps: [Double?] { compiled.caps }
    private var decays: [ScoreDecay] { compiled.decays }
    private var hasBehaviourCaps: Bool { compiled.hasBehaviourCaps }
    private var ranks: [Stage: Int] { compiled.ranks }
    private var author: String { compiled.author }
    private var bantCriteria: [(BANTCriterion, BANTRules.Criterion)] { compiled.bantCriteria }
    private var attributeTests: [(rule: Int, test: AttributeTest, slot: Int?)] { compiled.attributeTests }
    private var slots: [(attribute: ContactAttribute, words: Bool)] { compiled.slots }
    private var behaviourMatches: [(rule: Int, match: EventMatch)] { compiled.behaviourMatches }

    private final class Compiled: Sendable {
        let rules: ScoringRules
        let ladder: StageLadder
        let behaviourRules: [Int]
        let points: [Double]
        let caps: [Double?]
        let decays: [ScoreDecay]
        let hasBehaviourCaps: Bool
        let ranks: [Stage: Int]
        let author: String
        let bantCriteria: [(BANTCriterion, BANTRules.Criterion)]
        /// Each attribute rule's test, and the slot of the contact value it reads (nil: interests, matched one by one).
        let attributeTests: [(rule: Int, test: AttributeTest, slot: Int?)]
        /// The distinct single-valued attributes the rules read, and whether any rule wants their words.
        let slots: [(attribute: ContactAttribute, words: Bool)]
        /// Each behaviour rule's index and event match, in file order.
        let behaviourMatches: [(rule: Int, match: EventMatch)]

        init(rules: ScoringRules, ladder: StageLadder) {
            self.rules = rules
            self.ladder = ladder
            let behaviours = rules.rules.indices.filter { if case .behaviour = rules.rules[$0].kind { return true } else { return false } }
            behaviourRules = behaviours
            points = rules.rules.map { Double($0.points) }
            caps = rules.rules.map { $0.cap.map(Double.init) }
            decays = rules.rules.map(\.decay)
            hasBehaviourCaps = behaviours.contains { rules.rules[$0].cap != nil }
            ranks = Dictionary(ladder.stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            author = "rules in \(rules.source)"
            bantCriteria = rules.bant.criteria
            var slots: [(attribute: ContactAttribute, words: Bool)] = []
            var tests: [(rule: Int, test: AttributeTest, slot: Int?)] = []
            var matches: [(rule: Int, match: EventMatch)] = []
            for (index, rule) in rules.rules.enumerated() {
                switch rule.kind {
                case let .attribute(attribute, test):
                    guard attribute != .interests else { tests.append((index, test, nil)); continue }
                    var wantsWords = false
                    if case .words = test { wantsWords = true }
                    if let slot = slots.firstIndex(where: { $0.attribute == attribute }) {
                        slots[slot].words = slots[slot].words || wantsWords
                        tests.append((index, test, slot))
                    } else {
                        slots.append((attribute, wantsWords))
                        tests.append((index, test, slots.count - 1))
                    }
                case let .behaviour(match):
                    matches.append((index, match))
                }
            }
            self.slots = slots
            self.attributeTests = tests
            self.behaviourMatches = matches
        }
    }

    /// The attribute rules the contact matches, in file order.
    private func matchedAttributeRules(_ contact: Contact) -> [Int] {
        guard !attributeTests.isEmpty else { return [] }
        let values = slots.map { slot in slot.attribute.value(of: contact).map { AttributeTest.Prepared($0, words: slot.words) } }
        var matched: [Int] = []
        for (rule, test, slot) in attributeTests {
            if let slot {
                if let value = values[slot], test.matches(value) { matched.append(rule) }
            } else if contact.interests.contains(where: test.matches) {
                matched.append(rule)
            }
        }
        return matched
    }

    /// The contact's stage, score and band at `now`, without the reasons (what plans need).
    public func standing(of history: ContactHistory, now: Date) -> Standing {
        walk(history.contact, events: Self.visible(history.events, now: now), overrides: history.stageOverrides, now: now, detailed: false).standing
    }

    /// Everything, with the reasons: the score rule by rule, BANT, and every move.
    public func qualify(_ history: ContactHistory, now: Date) -> Qualification {
        walk(history.contact, events: Self.visible(history.events, now: now), overrides: history.stageOverrides, now: now, detailed: true)
    }

    /// For the planner, whose facts already hold the events up to `now`, oldest first.
    func standing(of contact: Contact, sortedEvents events: [ContactEvent], overrides: [StageOverride], now: Date) -> Standing {
        walk(contact, events: events, overrides: overrides, now: now, detailed: false).standing
    }

    /// Events at or before `now`, oldest first (the planner's order).
    static func visible(_ events: [ContactEvent], now: Date) -> [ContactEvent] {
        events.filter { $0.at <= now }.sorted { ($0.at, $0.type.rawValue) < ($1.at, $1.type.rawValue) }
    }

    // MARK: - The walk

    private func walk(_ contact: Contact, events: [ContactEvent], overrides: [StageOverride], now: Date, detailed: Bool) -> Qualification {
        let matchedAttributes = matchedAttributeRules(contact)
        var attributeTotal = 0.0
        for index in matchedAttributes {
            attributeTotal += capped(points[index], caps[index])
        }
        // Each event counts for the first behaviour rule that matches it.
        var assigned = [Int](repeating: -1, count: events.count)
        for (position, event) in events.enumerated() {
            for (index, match) in behaviourMatches where match.matches(event) {
                assigned[position] = index
                break
            }
        }
        var scratch = hasBehaviourCaps ? [Double](repeating: 0, count: points.count) : []
        func score(first count: Int, at moment: Date) -> Int {
            Int(behaviourPoints(events, assigned, first: count, at: moment, sums: &scratch, base: attributeTotal).rounded())
        }

        let transitions = rules.transitions
        var ladderWalk = LadderWalk(stage: contact.stage ?? ladder.entry, ranks: ranks, detailed: detailed)
        if detailed {
            ladderWalk.record(at: nil, to: ladderWalk.stage, cause: contact.stage == nil ? "no stage given: the ladder's first rung" : "stage column of the contacts file", by: "import")
        }
        var bant = BANTState(criteria: bantCriteria, contact: contact)
        if let target = transitions.bant, bant.allPositive {
            ladderWalk.moveUp(to: target, at: nil, cause: detailed ? "BANT from the contact's columns: all four known and positive" : "", by: author)
        }
        if let rule = transitions.score, ladderWalk.allows(rule.from) {
            let start = Int(attributeTotal.rounded())
            if start >= rule.threshold {
                ladderWalk.moveUp(to: rule.to, at: nil, cause: detailed ? "score \(start) ≥ \(rule.threshold) from the contact's attributes alone" : "", by: author)
            }
        }

        let overrides = overrides.isEmpty ? overrides : overrides.filter { $0.at <= now }.sorted { $0.at < $1.at }
        var nextOverride = 0
        for (position, event) in events.enumerated() {
            while nextOverride < overrides.count, overrides[nextOverride].at < event.at {
                ladderWalk.apply(overrides[nextOverride])
                nextOverride += 1
            }
            var best: (stage: Stage, rank: Int, cause: () -> String)?
            func consider(_ stage: Stage, _ cause: @escaping () -> String) {
                guard let rank = ranks[stage], rank > ladderWalk.rank, rank > (best?.rank ?? Int.min) else { return }
                best = (stage, rank, cause)
            }
            if let rule = transitions.purchase, ladderWalk.allows(rule.from), rule.matches(event) {
                consider(rule.to) { "purchase: \(event.summary)" }
            }
            if let rule = transitions.salesRequest, ladderWalk.allows(rule.from), rule.matches(event) {
                consider(rule.to) { "sales request: \(event.summary)" }
            }
            if let rule = transitions.conversion, ladderWalk.allows(rule.from), rule.matches(event) {
                consider(rule.to) { "conversion: \(event.summary)" }
            }
            if let target = transitions.bant, bant.read(event, position: position), bant.allPositive {
                consider(target) { "BANT all four known and positive after \(event.summary)" }
            }
            if let rule = transitions.score, assigned[position] >= 0, points[assigned[position]] > 0, ladderWalk.allows(rule.from),
               let rank = ranks[rule.to], rank > ladderWalk.rank, rank > (best?.rank ?? Int.min) {
                let after = score(first: position + 1, at: event.at)
                if after >= rule.threshold, score(first: position, at: event.at) < rule.threshold {
                    consider(rule.to) { "score \(after) ≥ \(rule.threshold) after \(event.summary)" }
                }
            }
            if let best {
                ladderWalk.moveUp(to: best.stage, at: event.at, cause: detailed ? best.cause() : "", by: author)
            }
        }
        while nextOverride < overrides.count {
            ladderWalk.apply(overrides[nextOverride])
            nextOverride += 1
        }

        let total = score(first: events.count, at: now)
        let standing = Standing(stage: ladderWalk.stage, score: total, band: rules.band(of: total)?.name)
        guard detailed else { return Qualification(standing: standing, rules: [], bant: [], moves: []) }
        return Qualification(
            standing: standing, rules: breakdown(matchedAttributes, events, assigned, at: now), bant: bant.answers(events), moves: ladderWalk.moves)
    }

    /// `base` plus the decayed points of the first `count` events at `moment`, each rule capped.
    private func behaviourPoints(_ events: [ContactEvent], _ assigned: [Int], first count: Int, at moment: Date, sums: inout [Double], base: Double) -> Double {
        var total = base
        if !hasBehaviourCaps {
            for position in 0..<count where assigned[position] >= 0 {
                let index = assigned[position]
                total += points[index] * decays[index].factor(age: moment.timeIntervalSince(events[position].at))
            }
            return total
        }
        for index in behaviourRules { sums[index] = 0 }
        for position in 0..<count where assigned[position] >= 0 {
            let index = assigned[position]
            sums[index] += points[index] * decays[index].factor(age: moment.timeIntervalSince(events[position].at))
        }
        for index in behaviourRules { total += capped(sums[index], caps[index]) }
        return total
    }

    private func capped(_ value: Double, _ cap: Double?) -> Double {
        guard let cap else { return value }
        return max(-cap, min(cap, value))
    }

    /// Each rule that gives points at `moment`, biggest first, with its items.
    private func breakdown(_ matchedAttributes: [Int], _ events: [ContactEvent], _ assigned: [Int], at moment: Date) -> [RuleScore] {
        var out: [(Int, RuleScore)] = []
        for index in matchedAttributes {
            let rule = rules.rules[index]
            let value = capped(points[index], caps[index])
            out.append((index, RuleScore(rule: rule.id, points: value, cappedAt: value != points[index] ? rule.cap : nil,
                                         items: [ScoreItem(event: nil, full: rule.points, points: value, decay: .none)])))
        }
        for index in behaviourRules {
            let rule = rules.rules[index]
            var items: [ScoreItem] = []
            for (position, event) in events.enumerated() where assigned[position] == index {
                items.append(ScoreItem(event: event, full: rule.points, points: points[index] * decays[index].factor(age: moment.timeIntervalSince(event.at)), decay: rule.decay))
            }
            guard !items.isEmpty else { continue }
            let sum = items.reduce(0) { $0 + $1.points }
            let value = capped(sum, caps[index])
            out.append((index, RuleScore(rule: rule.id, points: value, cappedAt: value != sum ? rule.cap : nil, items: items)))
        }
        return out.sorted { abs($0.1.points) != abs($1.1.points) ? abs($0.1.points) > abs($1.1.points) : $0.0 < $1.0 }.map(\.1)
    }
}

/// The contact's rung during the walk, and the moves when they are wanted.
private struct LadderWalk {
    private(set) var stage: Stage?
    private(set) var rank: Int
    private(set) var moves: [StageMove] = []
    let ranks: [Stage: Int]
    let detailed: Bool

    init(stage: Stage?, ranks: [Stage: Int], detailed: Bool) {
        self.stage = stage
        self.ranks = ranks
        self.detailed = detailed
        // A stage off the ladder is below every rung: any move fixes it.
        self.rank = stage.flatMap { ranks[$0] } ?? -1
    }

    /// True when a transition limited to `from` applies to the current stage.
    func allows(_ from: [Stage]) -> Bool { from.isEmpty || stage.map(from.contains) == true }

    mutating func moveUp(to target: Stage, at: Date?, cause: String, by: String) {
        guard let targetRank = ranks[target], targetRank > rank else { return }
        record(at: at, to: target, cause: cause, by: by)
        stage = target
        rank = targetRank
    }

    /// A person's stage wins, up or down.
    mutating func apply(_ override: StageOverride) {
        record(at: override.at, to: override.stage, cause: "set by hand: \(override.reason)", by: override.by)
        stage = override.stage
        rank = ranks[override.stage] ?? -1
    }

    mutating func record(at: Date?, to: Stage?, cause: String, by: String) {
        guard detailed, let to else { return }
        moves.append(StageMove(at: at, from: moves.isEmpty ? nil : stage, to: to, cause: cause, by: by))
    }
}

/// The four BANT answers as the walk reads them: the columns first, then each event's properties.
private struct BANTState {
    let criteria: [(BANTCriterion, BANTRules.Criterion)]
    private var values: [String?]
    /// Where each value came from: -1 a column, an event's position, or nil when unknown.
    private var sources: [Int?]

    init(criteria: [(BANTCriterion, BANTRules.Criterion)], contact: Contact) {
        self.criteria = criteria
        values = []
        sources = []
        values.reserveCapacity(4)
        sources.reserveCapacity(4)
        for (_, criterion) in criteria {
            let value = criterion.column.flatMap { contact.customFields[$0] }.map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            values.append(value)
            sources.append(value == nil ? nil : -1)
        }
    }

    var allPositive: Bool {
        criteria.indices.allSatisfy { isPositive($0) }
    }

    private func isPositive(_ index: Int) -> Bool {
        guard let value = values[index] else { return false }
        return criteria[index].1.positive.contains(Topic.normalize(value))
    }

    /// Takes the event's answers; true when it gave any.
    mutating func read(_ event: ContactEvent, position: Int) -> Bool {
        guard !event.properties.isEmpty else { return false }
        var changed = false
        for (index, (_, criterion)) in criteria.enumerated() {
            if let property = criterion.property, let value = event.properties[property]?.trimmingASCIIWhitespace(), !value.isEmpty {
                values[index] = value
                sources[index] = position
                changed = true
            }
        }
        return changed
    }

    func answers(_ events: [ContactEvent]) -> [BANTAnswer] {
        criteria.enumerated().map { index, entry in
            let (letter, criterion) = entry
            var source: String?
            if let position = sources[index] {
                source = position < 0 ? "column \(criterion.column ?? "")" : "\(events[position].type.rawValue) on \(ReasonDate.format(events[position].at))"
            }
            return BANTAnswer(criterion: letter, value: values[index], positive: isPositive(index), source: source)
        }
    }
}

extension ContactEvent {
    /// `page_viewed (page pricing) on 2026-11-19 14:12 UTC`, `content_downloaded “ebook-x” …`: for reasons.
    public var summary: String {
        var text = type.rawValue
        if let content { text += " \(content)" }
        if let page = properties["page"] { text += " (page \(page))" }
        return "\(text) on \(ReasonDate.format(at))"
    }
}
