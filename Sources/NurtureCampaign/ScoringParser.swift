import Foundation
import NurtureCore
import Yams

/// The scoring file, version 1 (`scoring/default.yaml`): rules, bands, BANT and stage transitions.
/// Problems are collected with their lines, as for campaigns; stage names are checked against the ladder
/// of the campaign that names the file. See `scoring/README.md` for the user's documentation.
final class ScoringParser {
    let root: NodeReader
    let file: String
    let problems: ProblemSink
    let ladder: StageLadder

    static let topKeys = ["version", "description", "bands", "stages", "bant", "rules"]
    static let ruleKeys = ["id", "description", "points", "attribute", "event", "events", "in", "words", "at_least", "at_most", "present",
                           "where", "cap", "half_life", "expires"]
    /// Attribute names a rule may read besides custom columns (a near miss of one is a typo).
    static let knownAttributes = ["first_name", "last_name", "company", "job_title", "email_domain", "timezone", "interests"]
    static let attributeTests = ["in", "words", "at_least", "at_most", "present"]
    static let behaviourKeys = ["where", "half_life", "expires"]
    /// The longest decay a rule may have.
    static let longestDecay = TimeSpan.days(3650)

    init(root: Node, file: String, ladder: StageLadder) {
        self.file = file
        self.ladder = ladder
        self.problems = ProblemSink(file: file)
        self.root = NodeReader(node: root, context: "the scoring file", problems: problems)
    }

    /// Reads `path` for a campaign with `ladder`: the rules, or nil with the problems.
    static func load(path: String, shownAs shown: String, ladder: StageLadder) -> (ScoringRules?, [CampaignProblem]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (nil, [CampaignProblem(file: shown, line: 1, message: "cannot read the scoring file: \(ReadFailure.describe(error))")])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            return (nil, [CampaignLoader.problem(yaml: error, file: shown)])
        }
        guard let node, case .mapping = node else {
            return (nil, [CampaignProblem(file: shown, line: node?.mark?.line ?? 1, message: "a scoring file must be a mapping with rules (and bands, stages, bant)")])
        }
        let parser = ScoringParser(root: node, file: shown, ladder: ladder)
        let rules = parser.parse()
        return (parser.problems.problems.isEmpty ? rules : nil, parser.problems.sorted)
    }

    func parse() -> ScoringRules {
        root.checkKeys(Self.topKeys)
        if let version = root.string("version"), version != "1" {
            problems.add(at: root.line(of: "version"), "unsupported scoring version '\(version)': this nurture reads version 1")
        }
        let rules = parseRules()
        return ScoringRules(source: file, rules: rules, bands: parseBands(), bant: parseBANT(), transitions: parseTransitions())
    }

    // MARK: - Rules

    private func parseRules() -> [ScoringRule] {
        guard let value = root.value("rules") else {
            problems.add(at: root.line, "the scoring file is missing 'rules'")
            return []
        }
        guard case let .sequence(entries) = value else {
            problems.add(value, "'rules' must be a list of rules, each with id, points and an attribute or an event")
            return []
        }
        var firstLines: [String: Int] = [:]
        var rules: [ScoringRule] = []
        for entry in entries {
            guard case .mapping = entry else {
                problems.add(entry, "each rule must be a mapping with id, points and an attribute or an event")
                continue
            }
            let reader = NodeReader(node: entry, context: "rule", problems: problems)
            reader.checkKeys(Self.ruleKeys)
            guard let id = reader.string("id", required: true) else { continue }
            let idLine = reader.line(of: "id")
            if let first = firstLines[id] {
                problems.add(at: idLine, "duplicate rule id '\(id)' (first at line \(first))")
                continue
            }
            firstLines[id] = idLine
            if let rule = parseRule(NodeReader(node: entry, context: "rule '\(id)'", problems: problems), id: id) { rules.append(rule) }
        }
        return rules
    }

    private func parseRule(_ reader: NodeReader, id: String) -> ScoringRule? {
        let points = reader.integer("points", in: -1000...1000)
        if reader.value("points") == nil { problems.add(at: reader.line, "\(reader.context) is missing 'points'") }
        let cap = reader.integer("cap", in: 1...10_000)
        let isAttribute = reader.value("attribute") != nil
        let isBehaviour = reader.value("event") != nil || reader.value("events") != nil
        let kind: ScoringRule.Kind?
        var decay = ScoreDecay.none
        switch (isAttribute, isBehaviour) {
        case (true, true):
            problems.add(at: reader.line(of: "attribute"), "\(reader.context) has both 'attribute' and 'event': a rule scores one or the other")
            return nil
        case (false, false):
            problems.add(at: reader.line, "\(reader.context) needs 'attribute' (who the contact is) or 'event' (what they did)")
            return nil
        case (true, false):
            for key in Self.behaviourKeys where reader.value(key) != nil {
                problems.add(at: reader.line(of: key), "'\(key)' in \(reader.context) is for event rules; an attribute does not age")
            }
            kind = attributeKind(reader)
        case (false, true):
            for key in Self.attributeTests where reader.value(key) != nil {
                problems.add(at: reader.line(of: key), "'\(key)' in \(reader.context) is for attribute rules; an event rule matches with 'where'")
            }
            kind = behaviourKind(reader)
            decay = parseDecay(reader)
        }
        guard let points, let kind else { return nil }
        if points == 0 { problems.add(at: reader.line(of: "points"), "points in \(reader.context) is 0: the rule would do nothing") }
        return ScoringRule(id: id, points: points, kind: kind, cap: cap, decay: decay)
    }

    private func attributeKind(_ reader: NodeReader) -> ScoringRule.Kind? {
        guard let name = reader.string("attribute") else { return nil }
        if !Self.knownAttributes.contains(name), let close = Suggest.closest(to: name, in: Self.knownAttributes + ["email"]),
           Suggest.distance(name, close) <= 2 {
            problems.add(at: reader.line(of: "attribute"), "unknown attribute '\(name)' in \(reader.context) (did you mean '\(close)'?); any other name reads that contacts column")
            return nil
        }
        let attribute = ContactAttribute(name: name)
        let tests = Self.attributeTests.filter { reader.value($0) != nil }
        let line = reader.line(of: "attribute")
        if tests.isEmpty {
            problems.add(at: line, "\(reader.context) needs one test of the attribute: in, words, at_least/at_most or present")
            return nil
        }
        if tests.count > 1, Set(tests) != ["at_least", "at_most"] {
            problems.add(at: line, "\(reader.context) has \(tests.joined(separator: " and ")): one test a rule (at_least with at_most is one range)")
            return nil
        }
        switch tests[0] {
        case "in":
            guard let values = reader.list("in"), !values.isEmpty else {
                problems.add(at: reader.line(of: "in"), "'in' in \(reader.context) lists no value")
                return nil
            }
            return .attribute(attribute, .oneOf(Set(values.map { AttributeTest.normalize($0.0) })))
        case "words":
            guard let phrases = wordList(reader) else { return nil }
            return .attribute(attribute, .words(phrases))
        case "present":
            guard let text = reader.string("present"), ["true", "yes"].contains(text.lowercased()) else {
                problems.add(at: reader.line(of: "present"), "'present' in \(reader.context) must be true")
                return nil
            }
            return .attribute(attribute, .present)
        default:
            let low = reader.number("at_least"), high = reader.number("at_most")
            if reader.value("at_least") != nil && low == nil || reader.value("at_most") != nil && high == nil { return nil }
            if let low, let high, low > high {
                problems.add(at: reader.line(of: "at_most"), "at_most \(high) in \(reader.context) is below at_least \(low)")
                return nil
            }
            return .attribute(attribute, .range(atLeast: low, atMost: high))
        }
    }

    /// `words: [vp, head of, chief]` or `words: vp|head|director|chief`: each entry a word or a phrase.
    private func wordList(_ reader: NodeReader) -> [[String]]? {
        guard let entries = reader.list("words") else { return nil }
        let raw = entries.flatMap { $0.0.split(separator: "|").map(String.init) }
        let phrases = raw.map(AttributeTest.words(of:)).filter { !$0.isEmpty }
        if phrases.isEmpty {
            problems.add(at: reader.line(of: "words"), "'words' in \(reader.context) lists no word")
            return nil
        }
        return phrases
    }

    private func behaviourKind(_ reader: NodeReader) -> ScoringRule.Kind? {
        guard let match = eventMatch(reader) else { return nil }
        return .behaviour(match)
    }

    /// `event`/`events` and an optional `where: {page: pricing}` (a value or a list per property).
    func eventMatch(_ reader: NodeReader) -> EventMatch? {
        if reader.value("event") != nil && reader.value("events") != nil {
            problems.add(at: reader.line(of: "events"), "\(reader.context) has both 'event' and 'events'; use one")
            return nil
        }
        guard let types = reader.events(reader.value("event") != nil ? "event" : "events"), !types.isEmpty else { return nil }
        var conditions: [EventMatch.PropertyCondition] = []
        if let value = reader.value("where") {
            guard case let .mapping(mapping) = value else {
                problems.add(value, "'where' in \(reader.context) must be a mapping of event properties, such as page: pricing")
                return nil
            }
            let properties = NodeReader(node: value, context: "'where' of \(reader.context)", problems: problems)
            for (key, _) in mapping {
                guard let name = key.string, !name.isEmpty, let values = properties.list(name), !values.isEmpty else {
                    problems.add(key, "each property in 'where' of \(reader.context) needs a value or a list of values")
                    return nil
                }
                conditions.append(.init(name: name, values: values.map(\.0)))
            }
        }
        return EventMatch(types: Set(types), properties: conditions)
    }

    private func parseDecay(_ reader: NodeReader) -> ScoreDecay {
        let halfLife = reader.span("half_life", maximum: Self.longestDecay)
        let expires = reader.span("expires", maximum: Self.longestDecay)
        switch (halfLife, expires) {
        case let (half?, nil):
            if half.seconds == 0 { problems.add(at: reader.line(of: "half_life"), "half_life in \(reader.context) is 0: the points would be gone at once") }
            return .halfLife(half)
        case let (nil, expiry?):
            if expiry.seconds == 0 { problems.add(at: reader.line(of: "expires"), "expires in \(reader.context) is 0: the points would be gone at once") }
            return .expires(expiry)
        case (_?, _?):
            problems.add(at: reader.line(of: "expires"), "\(reader.context) has both half_life and expires: points fade one way or the other")
            return .none
        case (nil, nil):
            return .none
        }
    }
}
