import NurtureCore
import Yams

/// The scoring file's `bands`, `bant` and `stages` (the transitions) blocks.
extension ScoringParser {
    static let transitionNames = ["conversion", "score", "bant", "sales_request", "purchase"]

    /// `bands: {cold: 0, warm: 20, hot: 50}`; the defaults when absent.
    func parseBands() -> [ScoreBand] {
        guard let value = root.value("bands") else { return ScoreBand.defaults }
        guard case let .mapping(mapping) = value else {
            problems.add(value, "'bands' must be a mapping of band names to the score each starts at, such as warm: 20")
            return ScoreBand.defaults
        }
        let reader = NodeReader(node: value, context: "bands", problems: problems)
        var bands: [ScoreBand] = []
        for (key, _) in mapping {
            guard let name = key.string, Identifier.isValid(name) else {
                problems.add(key, "band name '\(key.string ?? "")' must be lower-case letters, digits, '-' or '_'")
                continue
            }
            if let from = reader.integer(name, in: -10_000...10_000) {
                if let same = bands.first(where: { $0.from == from }) {
                    problems.add(key, "bands '\(same.name)' and '\(name)' both start at \(from)")
                }
                bands.append(ScoreBand(name: name, from: from))
            }
        }
        if bands.isEmpty { problems.add(value, "'bands' names no band") }
        return bands
    }

    /// Each of budget, authority, need and timing: `column`, `property`, `yes`. Absent ones keep the defaults.
    func parseBANT() -> BANTRules {
        var rules = BANTRules.default
        guard let reader = root.child("bant", context: "bant") else { return rules }
        reader.checkKeys(BANTCriterion.allCases.map(\.rawValue))
        for letter in BANTCriterion.allCases {
            guard let entry = reader.child(letter.rawValue, context: "bant \(letter.rawValue)") else { continue }
            entry.checkKeys(["column", "property", "yes"])
            let defaults = rules.criterion(letter)
            let column = entry.string("column") ?? defaults.column
            let property = entry.string("property") ?? defaults.property
            var positive = Array(defaults.positive)
            if let values = entry.list("yes") {
                if values.isEmpty { problems.add(at: entry.line(of: "yes"), "'yes' in \(entry.context) lists no answer") }
                positive = values.map(\.0)
            }
            if column == nil && property == nil {
                problems.add(at: entry.line, "\(entry.context) needs a column or an event property to read")
            }
            rules.set(letter, BANTRules.Criterion(column: column, property: property, positive: positive))
        }
        return rules
    }

    /// `stages:` the transitions, each a mapping or `off`; the defaults for those not named.
    func parseTransitions() -> StageTransitions {
        var transitions = StageTransitions.default
        // The defaults name the default ladder's rungs: a campaign with another ladder says its own.
        let declared = root.child("stages", context: "stages")
        declared?.checkKeys(Self.transitionNames)
        func entry(_ name: String) -> NodeReader?? {
            guard let declared, let value = declared.value(name) else { return .some(nil) }
            if case let .scalar(scalar) = value, ["off", "none", "false", "no"].contains(scalar.string.lowercased()) { return nil }
            return .some(declared.child(name, context: "stages \(name)"))
        }
        switch entry("conversion") {
        case nil: transitions.conversion = nil
        case let reader??: transitions.conversion = eventTransition(reader, base: transitions.conversion)
        case .some(nil): break
        }
        switch entry("score") {
        case nil: transitions.score = nil
        case let reader??:
            reader.checkKeys(["to", "from", "threshold"])
            let base = transitions.score ?? ScoreTransition(to: .mql, threshold: 50)
            transitions.score = ScoreTransition(
                to: stage(reader, "to") ?? base.to, from: reader.stages("from", ladder: ladder) ?? base.from,
                threshold: reader.integer("threshold", in: -10_000...10_000) ?? base.threshold)
        case .some(nil): break
        }
        switch entry("bant") {
        case nil: transitions.bant = nil
        case let reader??:
            reader.checkKeys(["to"])
            transitions.bant = stage(reader, "to") ?? transitions.bant
        case .some(nil): break
        }
        switch entry("sales_request") {
        case nil: transitions.salesRequest = nil
        case let reader??: transitions.salesRequest = eventTransition(reader, base: transitions.salesRequest)
        case .some(nil): break
        }
        switch entry("purchase") {
        case nil: transitions.purchase = nil
        case let reader??: transitions.purchase = eventTransition(reader, base: transitions.purchase)
        case .some(nil): break
        }
        checkLadder(transitions, declared: declared)
        return transitions
    }

    /// `to`, `from`, `events` and `pages` (page_viewed of these pages).
    private func eventTransition(_ reader: NodeReader, base: EventTransition?) -> EventTransition? {
        reader.checkKeys(["to", "from", "events", "pages"])
        var matches = base?.matches ?? []
        if reader.value("events") != nil || reader.value("pages") != nil {
            matches = []
            if let events = reader.events("events"), !events.isEmpty { matches.append(EventMatch(types: Set(events))) }
            if let pages = reader.list("pages"), !pages.isEmpty {
                matches.append(EventMatch(types: [.pageViewed], properties: [.init(name: "page", values: pages.map(\.0))]))
            }
            if matches.isEmpty { problems.add(at: reader.line, "\(reader.context) names no event and no page") }
        }
        guard let to = stage(reader, "to") ?? base?.to else {
            problems.add(at: reader.line, "\(reader.context) is missing 'to'")
            return nil
        }
        return EventTransition(to: to, from: reader.stages("from", ladder: ladder) ?? base?.from ?? [], matches: matches)
    }

    private func stage(_ reader: NodeReader, _ key: String) -> Stage? {
        guard let stages = reader.stages(key, ladder: ladder) else { return nil }
        if stages.count > 1 { problems.add(at: reader.line(of: key), "'\(key)' in \(reader.context) names one stage") }
        return stages.first
    }

    /// A default transition whose rung is not on the campaign's ladder must be declared or turned off.
    private func checkLadder(_ transitions: StageTransitions, declared: NodeReader?) {
        for stage in transitions.stages where !ladder.contains(stage) {
            let line = declared?.line ?? root.line
            problems.add(at: line, "the default stage transitions use '\(stage)', which is not on the campaign's ladder (\(ladder.stages.map(\.name).joined(separator: ", "))); declare the transitions under 'stages' with this ladder's rungs, or turn them off")
            return
        }
    }
}

extension BANTRules {
    func criterion(_ letter: BANTCriterion) -> Criterion {
        switch letter {
        case .budget: return budget
        case .authority: return authority
        case .need: return need
        case .timing: return timing
        }
    }

    mutating func set(_ letter: BANTCriterion, _ criterion: Criterion) {
        switch letter {
        case .budget: budget = criterion
        case .authority: authority = criterion
        case .need: need = criterion
        case .timing: timing = criterion
        }
    }
}
