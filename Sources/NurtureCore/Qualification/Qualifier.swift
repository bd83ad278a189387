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

    private final class Compiled: Sendable {
        let rules: ScoringRules
        let ladder: StageLadder
        let ranks: [Stage: Int]
        let author: String
        let bantCriteria: [(BANTCriterion, BANTRules.Criterion)]
        /// Every rule's points and cap as numbers.
        let points: [Double]
        let caps: [Double?]
        /// The behaviour rules' indices in file order; a behaviour rule's ordinal is its place here.
        let behaviourRules: [Int]
        /// The behaviour rules as the running score needs them, by ordinal.
        let running: [RunningScore.Rule]
        let hasBehaviourCaps: Bool
        /// By event type (`EventType.bit`'s bit number): the behaviour rules that may match, as (ordinal, match), in file order.
        let candidates: [[(ordinal: Int32, match: EventMatch)]]
        /// Single-valued attributes the rules read, each once per contact.
        let slots: [Slot]
        /// Rules on the interests, matched one interest at a time.
        let interestTests: [(rule: Int, test: AttributeTest)]
        /// The transitions' target ranks (nil: off the ladder) and `from` sets.
        let purchaseRank: Int?, salesRequestRank: Int?, conversionRank: Int?, bantRank: Int?, scoreRank: Int?
        let purchaseFrom: StageSet, salesRequestFrom: StageSet, conversionFrom: StageSet, scoreFrom: StageSet

        /// One attribute and the rules that read it: `in` lists merged into one table (one look-up for
        /// every such rule), the others tested on the value made ready once.
        struct Slot {
            let attribute: ContactAttribute
            let words: Bool
            /// Value (normalized) → the rules listing it, in file order.
            let lists: [String: [Int]]
            let others: [(rule: Int, test: AttributeTest)]
        }

        init(rules: ScoringRules, ladder: StageLadder) {
            self.rules = rules
            self.ladder = ladder
            let ranks = Dictionary(ladder.stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            self.ranks = ranks
            author = "rules in \(rules.source)"
            bantCriteria = rules.bant.criteria
            points = rules.rules.map { Double($0.points) }
            caps = rules.rules.map { $0.cap.map(Double.init) }

            var behaviours: [Int] = []
            var running: [RunningScore.Rule] = []
            var candidates = [[(ordinal: Int32, match: EventMatch)]](repeating: [], count: 32)
            var slots: [(attribute: ContactAttribute, words: Bool, lists: [String: [Int]], others: [(rule: Int, test: AttributeTest)])] = []
            var interests: [(rule: Int, test: AttributeTest)] = []
            for (index, rule) in rules.rules.enumerated() {
                switch rule.kind {
                case let .attribute(attribute, test):
                    guard attribute != .interests else { interests.append((index, test)); continue }
                    let slot = slots.firstIndex { $0.attribute == attribute } ?? slots.count
                    if slot == slots.count { slots.append((attribute, false, [:], [])) }
                    switch test {
                    case let .oneOf(values):
                        for value in values { slots[slot].lists[value, default: []].append(index) }
                    case .words:
                        slots[slot].words = true
                        slots[slot].others.append((index, test))
                    default:
                        slots[slot].others.append((index, test))
                    }
                case let .behaviour(match):
                    let ordinal = Int32(behaviours.count)
                    behaviours.append(index)
                    running.append(RunningScore.Rule(points: Double(rule.points), cap: rule.cap.map(Double.init), decay: rule.decay))
                    for bit in 0..<32 where match.typeBits & (1 << UInt32(bit)) != 0 {
                        candidates[bit].append((ordinal, match))
                    }
                }
            }
            behaviourRules = behaviours
            self.running = running
            hasBehaviourCaps = running.contains { $0.cap != nil }
            self.candidates = candidates
            self.slots = slots.map { Slot(attribute: $0.attribute, words: $0.words, lists: $0.lists, others: $0.others) }
            interestTests = interests

            let transitions = rules.transitions
            purchaseRank = transitions.purchase.flatMap { ranks[$0.to] }
            salesRequestRank = transitions.salesRequest.flatMap { ranks[$0.to] }
            conversionRank = transitions.conversion.flatMap { ranks[$0.to] }
            bantRank = transitions.bant.flatMap { ranks[$0] }
            scoreRank = transitions.score.flatMap { ranks[$0.to] }
            purchaseFrom = StageSet(transitions.purchase?.from ?? [], ranks: ranks)
            salesRequestFrom = StageSet(transitions.salesRequest?.from ?? [], ranks: ranks)
            conversionFrom = StageSet(transitions.conversion?.from ?? [], ranks: ranks)
            scoreFrom = StageSet(transitions.score?.from ?? [], ranks: ranks)
        }

        /// The behaviour rule (ordinal) the event counts for: the first in file order that matches it; -1 for none.
        func ordinal(of event: ContactEvent) -> Int32 {
            for (ordinal, match) in candidates[event.type.bit.trailingZeroBitCount] where match.matches(event) { return ordinal }
            return -1
        }

        /// The attribute rules the contact matches, in file order.
        func matchedAttributeRules(_ contact: Contact) -> [Int] {
            var matched: [Int] = []
            for slot in slots {
                guard let raw = slot.attribute.value(of: contact) else { continue }
                if !slot.lists.isEmpty, let rules = slot.lists[raw.foldedForMatching] { matched += rules }
                guard !slot.others.isEmpty else { continue }
                let value = AttributeTest.Prepared(raw, words: slot.words)
                for (rule, test) in slot.others where test.matches(value) { matched.append(rule) }
            }
            for (rule, test) in interestTests where contact.interests.contains(where: test.matches) { matched.append(rule) }
            if matched.count > 1 { matched.sort() }
            return matched
        }
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

    /// Events at or before `now`, in the planner's order (`ContactEvent.precedes`).
    static func visible(_ events: [ContactEvent], now: Date) -> [ContactEvent] {
        events.filter { $0.at <= now }.sorted(by: ContactEvent.precedes)
    }

    // MARK: - The walk

    /// What moves the contact at one event, the highest rung winning.
    private enum Cause {
        case purchase, salesRequest, conversion, bant
        case score(Int)
    }

    private func walk(_ contact: Contact, events: [ContactEvent], overrides: [StageOverride], now: Date, detailed: Bool) -> Qualification {
        let compiled = compiled
        let matchedAttributes = compiled.matchedAttributeRules(contact)
        var attributeTotal = 0.0
        for index in matchedAttributes {
            attributeTotal += RunningScore.capped(compiled.points[index], compiled.caps[index])
        }
        // Each event counts for the first behaviour rule that matches it (by ordinal; -1 for none).
        let assigned = compiled.running.isEmpty ? [] : events.map(compiled.ordinal(of:))

        let transitions = rules.transitions
        let author = compiled.author
        var ladderWalk = LadderWalk(stage: contact.stage ?? ladder.entry, ranks: compiled.ranks, detailed: detailed)
        if detailed {
            ladderWalk.record(at: nil, to: ladderWalk.stage, cause: contact.stage == nil ? "no stage given: the ladder's first rung" : "stage column of the contacts file", by: "import")
        }
        var bant = BANTState(criteria: compiled.bantCriteria, contact: contact)
        if let target = transitions.bant, bant.allPositive {
            ladderWalk.moveUp(to: target, rank: compiled.bantRank, at: nil, by: author) { "BANT from the contact's columns: all four known and positive" }
        }
        if let rule = transitions.score, ladderWalk.allows(compiled.scoreFrom) {
            let start = Int(attributeTotal.rounded())
            if start >= rule.threshold {
                ladderWalk.moveUp(to: rule.to, rank: compiled.scoreRank, at: nil, by: author) { "score \(start) ≥ \(rule.threshold) from the contact's attributes alone" }
            }
        }

        var running = RunningScore(rules: compiled.running, base: attributeTotal)
        let overrides = overrides.isEmpty ? overrides : overrides.filter { $0.at <= now }.sorted { $0.at < $1.at }
        var nextOverride = 0
        for position in events.indices {
            let event = events[position]
            while nextOverride < overrides.count, overrides[nextOverride].at < event.at {
                ladderWalk.apply(overrides[nextOverride])
                nextOverride += 1
            }
            let ordinal = assigned.isEmpty ? -1 : Int(assigned[position])
            // The score transition can move the contact now: a stage it applies from, a rung above.
            let scoreLive = transitions.score != nil && (compiled.scoreRank ?? Int.min) > ladderWalk.rank && ladderWalk.allows(compiled.scoreFrom)
            var before: Int?
            if scoreLive, ladderWalk.personInForce {
                // A person's stage holds against a score already over the threshold: only a crossing moves it.
                before = ordinal >= 0 && compiled.running[ordinal].points > 0
                    ? Int(running.total(at: event.at, events: events, assigned: assigned, upTo: position).rounded()) : nil
            }
            if ordinal >= 0 { running.add(rule: ordinal, position: position, events: events, assigned: assigned) }

            var best: (stage: Stage, rank: Int, cause: Cause)?
            func consider(_ stage: Stage, _ rank: Int?, _ cause: Cause) {
                guard let rank, rank > ladderWalk.rank, rank > (best?.rank ?? Int.min) else { return }
                best = (stage, rank, cause)
            }
            if let rule = transitions.purchase, ladderWalk.allows(compiled.purchaseFrom), rule.matches(event) {
                consider(rule.to, compiled.purchaseRank, .purchase)
            }
            if let rule = transitions.salesRequest, ladderWalk.allows(compiled.salesRequestFrom), rule.matches(event) {
                consider(rule.to, compiled.salesRequestRank, .salesRequest)
            }
            if let rule = transitions.conversion, ladderWalk.allows(compiled.conversionFrom), rule.matches(event) {
                consider(rule.to, compiled.conversionRank, .conversion)
            }
            // BANT answers are read whether or not they move anyone: the qualification shows them.
            if bant.read(event, position: position), let target = transitions.bant, bant.allPositive {
                consider(target, compiled.bantRank, .bant)
            }
            if scoreLive, let rule = transitions.score, let rank = compiled.scoreRank, rank > (best?.rank ?? Int.min) {
                if !ladderWalk.personInForce || before != nil {
                    let after = Int(running.total(at: event.at, events: events, assigned: assigned, upTo: position + 1).rounded())
                    if after >= rule.threshold, before.map({ $0 < rule.threshold }) ?? true {
                        consider(rule.to, compiled.scoreRank, .score(after))
                    }
                }
            }
            guard let chosen = best else { continue }
            ladderWalk.moveUp(to: chosen.stage, rank: chosen.rank, at: event.at, by: author) { describe(chosen.cause, event) }
            // A level, not a crossing: a move into a stage the score transition applies from, with the score
            // already over the threshold, goes on to the score's rung at once.
            if let rule = transitions.score, let rank = compiled.scoreRank, rank > ladderWalk.rank, ladderWalk.allows(compiled.scoreFrom) {
                let after = Int(running.total(at: event.at, events: events, assigned: assigned, upTo: position + 1).rounded())
                if after >= rule.threshold {
                    ladderWalk.moveUp(to: rule.to, rank: rank, at: event.at, by: author) { describe(.score(after), event) }
                }
            }
        }
        while nextOverride < overrides.count {
            ladderWalk.apply(overrides[nextOverride])
            nextOverride += 1
        }

        let total = Int(behaviourPoints(events, assigned, at: now, base: attributeTotal).rounded())
        let standing = Standing(stage: ladderWalk.stage, score: total, band: rules.band(of: total)?.name)
        guard detailed else { return Qualification(standing: standing, rules: [], bant: [], moves: []) }
        return Qualification(
            standing: standing, rules: breakdown(matchedAttributes, events, assigned, at: now), bant: bant.answers(events), moves: ladderWalk.moves)
    }

    private func describe(_ cause: Cause, _ event: ContactEvent) -> String {
        switch cause {
        case .purchase: return "purchase: \(event.summary)"
        case .salesRequest: return "sales request: \(event.summary)"
        case .conversion: return "conversion: \(event.summary)"
        case .bant: return "BANT all four known and positive after \(event.summary)"
        case let .score(after): return "score \(after) ≥ \(rules.transitions.score?.threshold ?? 0) after \(event.summary)"
        }
    }

    /// `base` plus the decayed points of the events at `moment`, each rule capped: the score, computed from scratch.
    private func behaviourPoints(_ events: [ContactEvent], _ assigned: [Int32], at moment: Date, base: Double) -> Double {
        let running = compiled.running
        var total = base
        guard !assigned.isEmpty else { return total }
        if !compiled.hasBehaviourCaps {
            for position in events.indices where assigned[position] >= 0 {
                let rule = running[Int(assigned[position])]
                total += rule.points * rule.decay.factor(age: moment.timeIntervalSince(events[position].at))
            }
            return total
        }
        var sums = [Double](repeating: 0, count: running.count)
        for position in events.indices where assigned[position] >= 0 {
            let ordinal = Int(assigned[position])
            sums[ordinal] += running[ordinal].points * running[ordinal].decay.factor(age: moment.timeIntervalSince(events[position].at))
        }
        for ordinal in running.indices { total += RunningScore.capped(sums[ordinal], running[ordinal].cap) }
        return total
    }

    /// Each rule that gives points at `moment`, biggest first, with its items.
    private func breakdown(_ matchedAttributes: [Int], _ events: [ContactEvent], _ assigned: [Int32], at moment: Date) -> [RuleScore] {
        let compiled = compiled
        var out: [(Int, RuleScore)] = []
        for index in matchedAttributes {
            let rule = rules.rules[index]
            let points = compiled.points[index]
            let value = RunningScore.capped(points, compiled.caps[index])
            out.append((index, RuleScore(rule: rule.id, points: value, cappedAt: value != points ? rule.cap : nil,
                                         items: [ScoreItem(event: nil, full: rule.points, points: value, decay: .none)])))
        }
        for (ordinal, index) in compiled.behaviourRules.enumerated() {
            let rule = rules.rules[index]
            var items: [ScoreItem] = []
            for (position, event) in events.enumerated() where assigned[position] == Int32(ordinal) {
                items.append(ScoreItem(event: event, full: rule.points, points: compiled.points[index] * rule.decay.factor(age: moment.timeIntervalSince(event.at)), decay: rule.decay))
            }
            guard !items.isEmpty else { continue }
            let sum = items.reduce(0) { $0 + $1.points }
            let value = RunningScore.capped(sum, compiled.caps[index])
            out.append((index, RuleScore(rule: rule.id, points: value, cappedAt: value != sum ? rule.cap : nil, items: items)))
        }
        return out.sorted { abs($0.1.points) != abs($1.1.points) ? abs($0.1.points) > abs($1.1.points) : $0.0 < $1.0 }.map(\.1)
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
