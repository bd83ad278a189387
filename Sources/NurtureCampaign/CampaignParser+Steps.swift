import Foundation
import NurtureCore
import Yams

extension CampaignParser {
    static let stepKeys = ["id", "kind", "template", "repeat", "when", "content"]
    static let whenKeys = ["stages", "trigger", "delay", "after_step", "after_last_email", "unless_events"]
    static let triggerKeys = ["events", "within"]
    static let contentKeys = ["items", "match", "kinds", "starts_within", "lead_time"]

    func parseSteps(ladder: StageLadder, catalog: [CatalogItem]) -> [Step] {
        guard let node = root.value("steps") else {
            problems.add(at: root.line, "the campaign is missing 'steps'")
            return []
        }
        guard case let .sequence(entries) = node, !entries.isEmpty else {
            problems.add(node, "'steps' must be a non-empty list")
            return []
        }
        var steps: [Step] = []
        var afterStepRefs: [(id: String, after: String, line: Int)] = []
        for (id, context, _) in identifiedEntries(entries, noun: "step", idNoun: "step id", shape: "id, kind and template",
                                                   keys: Self.stepKeys, firstLines: &stepLines) {
            let reader = context
            var kind: StepKind?
            if let text = context.string("kind", required: true) {
                kind = StepKind(rawValue: text)
                if kind == nil {
                    let hint = Suggest.closest(to: text, in: StepKind.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""
                    problems.add(at: reader.line(of: "kind"), "step '\(id)': unknown kind '\(text)'\(hint); known kinds: \(StepKind.knownList)")
                }
            }
            let template = context.string("template", required: true)
            if let template {
                templateLines[id] = reader.line(of: "template")
                if !Identifier.isValid(template) {
                    problems.add(at: reader.line(of: "template"), "step '\(id)': template name '\(template)' must be lower-case letters, digits, '-' or '_' (a file stem under templates/)")
                }
            }
            var repeatRule: RepeatRule?
            if let text = context.string("repeat") {
                repeatRule = RepeatRule(rawValue: text)
                if repeatRule == nil {
                    problems.add(at: reader.line(of: "repeat"), "step '\(id)': unknown repeat '\(text)'; use once, per_trigger or per_content")
                }
            }
            guard let kind, let template else { continue }

            var conditions = defaultConditions(kind)
            if let when = context.child("when", context: "'when' of step '\(id)'") {
                parseWhen(when, into: &conditions, ladder: ladder, stepID: id)
                if let after = conditions.afterStep { afterStepRefs.append((id, after, when.line(of: "after_step"))) }
            }
            var content = defaultContent(kind)
            if let node = context.child("content", context: "'content' of step '\(id)'") {
                content = parseContent(node, base: content ?? ContentRule(), catalog: catalog, stepID: id)
            }
            let step = Step(id: id, kind: kind, template: template, conditions: conditions, content: content, repeatRule: repeatRule)
            checkStep(step, line: reader.line, ladder: ladder, catalog: catalog)
            steps.append(step)
        }
        for (id, after, line) in afterStepRefs {
            if after == id {
                problems.add(at: line, "step '\(id)' cannot come after itself")
            } else if !steps.contains(where: { $0.id == after }) {
                let hint = Suggest.closest(to: after, in: steps.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
                problems.add(at: line, "step '\(id)': after_step '\(after)' is not a step of this campaign\(hint)")
            }
        }
        reportAfterStepCycles(afterStepRefs)
        return steps
    }

    /// Steps that wait for each other in a ring (a after b, b after a, or longer) can never fire: each is
    /// reported once, naming every step of the ring with its line.
    private func reportAfterStepCycles(_ refs: [(id: String, after: String, line: Int)]) {
        let next = Dictionary(refs.map { ($0.id, $0.after) }, uniquingKeysWith: { first, _ in first })
        let lines = Dictionary(refs.map { ($0.id, $0.line) }, uniquingKeysWith: { first, _ in first })
        var reported = Set<String>()
        for start in refs.map(\.id) where !reported.contains(start) {
            var path: [String] = []
            var current = start
            while let after = next[current], !path.contains(current) {
                path.append(current)
                current = after
            }
            // A ring closes when the walk comes back to a step it passed (a step after itself is reported above).
            guard let loopStart = path.firstIndex(of: current), path.count - loopStart > 1 else { continue }
            let ring = Array(path[loopStart...])
            if ring.contains(where: reported.contains) { continue }
            reported.formUnion(ring)
            let described = ring.map { "'\($0)' (line \(lines[$0] ?? 0))" }.joined(separator: " → ")
            problems.add(at: lines[ring[0]] ?? 1, "steps wait for each other and can never be sent: \(described) → '\(ring[0])'; break the ring of after_step")
        }
    }

    /// What each kind does when the file says nothing: the defaults of DOMAIN.md.
    private func defaultConditions(_ kind: StepKind) -> StepConditions {
        switch kind {
        case .thankYou:
            return StepConditions(trigger: Trigger(events: EventType.conversions, within: .days(7)))
        case .relatedContent:
            return StepConditions(minimumGap: .days(3))
        case .webinarInvite:
            return StepConditions(minimumGap: .days(2))
        case .demoOffer:
            return StepConditions(stages: [.prospect], minimumGap: .days(2), unlessEvents: [.demoRequested])
        case .email:
            return StepConditions()
        }
    }

    private func defaultContent(_ kind: StepKind) -> ContentRule? {
        switch kind {
        case .relatedContent:
            return ContentRule(match: [.interests, .downloads], kinds: [])
        case .webinarInvite:
            return ContentRule(match: [.interests, .downloads], kinds: [.webinar], startsWithin: .days(21), leadTime: .days(2))
        case .thankYou, .demoOffer, .email:
            return nil
        }
    }

    private func parseWhen(_ when: NodeReader, into conditions: inout StepConditions, ladder: StageLadder, stepID: String) {
        when.checkKeys(Self.whenKeys)
        if let stages = stageList(when, "stages", ladder: ladder) { conditions.stages = stages }
        if let trigger = when.child("trigger", context: "trigger of step '\(stepID)'") {
            trigger.checkKeys(Self.triggerKeys)
            let events = eventList(trigger, "events") ?? []
            if events.isEmpty, trigger.value("events") == nil {
                problems.add(at: trigger.line, "trigger of step '\(stepID)' is missing 'events'")
            }
            let within = trigger.span("within") ?? .days(7)
            if within == .zero { problems.add(at: trigger.line(of: "within"), "trigger of step '\(stepID)': within must be longer than 0") }
            conditions.trigger = Trigger(events: events, within: within)
        }
        if let delay = when.span("delay") { conditions.delay = delay }
        if let after = when.string("after_step") { conditions.afterStep = after }
        if let gap = when.span("after_last_email") { conditions.minimumGap = gap }
        if let unless = eventList(when, "unless_events") { conditions.unlessEvents = unless }
    }

    private func parseContent(_ reader: NodeReader, base: ContentRule, catalog: [CatalogItem], stepID: String) -> ContentRule {
        reader.checkKeys(Self.contentKeys)
        var rule = base
        if let items = reader.list("items") {
            rule.items = items.map(\.0)
            for (item, node) in items where !catalog.contains(where: { $0.id == item }) {
                let hint = Suggest.closest(to: item, in: catalog.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
                problems.add(node, "step '\(stepID)': content item '\(item)' is not in the catalog\(hint)")
            }
            if reader.value("match") == nil { rule.match = [] }
        }
        if let match = reader.list("match") {
            rule.match = match.compactMap { name, node in
                guard let source = ContentRule.Source(rawValue: name) else {
                    problems.add(node, "step '\(stepID)': content match '\(name)' is unknown; use interests and/or downloads")
                    return nil
                }
                return source
            }
        }
        if let kinds = reader.list("kinds") {
            rule.kinds = kinds.map { ContentKind($0.0) }
            for (name, node) in kinds where !catalog.contains(where: { $0.kind == ContentKind(name) }) {
                problems.add(node, "step '\(stepID)': no catalog item is of kind '\(name)'")
            }
        }
        if let within = reader.span("starts_within") { rule.startsWithin = within }
        if let lead = reader.span("lead_time") { rule.leadTime = lead }
        if let within = rule.startsWithin, let lead = rule.leadTime, lead >= within {
            problems.add(at: reader.line, "step '\(stepID)': lead_time (\(lead)) must be shorter than starts_within (\(within))")
        }
        return rule
    }

    /// Rules that span several keys.
    private func checkStep(_ step: Step, line: Int, ladder: StageLadder, catalog: [CatalogItem]) {
        if step.kind == .demoOffer, let prospectRank = ladder.rank(of: .prospect) {
            let early = step.conditions.stages.filter { (ladder.rank(of: $0) ?? prospectRank) < prospectRank }
            if !early.isEmpty || step.conditions.stages.isEmpty {
                let which = early.isEmpty ? "every stage" : early.map(\.name).joined(separator: ", ")
                problems.add(at: line, "step '\(step.id)': a demo offer goes to prospects only, not to \(which)")
            }
        }
        if step.kind == .thankYou && step.conditions.trigger == nil {
            problems.add(at: line, "step '\(step.id)': a thank-you needs a trigger (the conversion it thanks for)")
        }
        if step.repeatRule == .perTrigger && step.conditions.trigger == nil {
            problems.add(at: line, "step '\(step.id)': repeat per_trigger needs a trigger")
        }
        if step.repeatRule == .perContent && step.content == nil {
            problems.add(at: line, "step '\(step.id)': repeat per_content needs a content rule")
        }
        if step.conditions.delay > .zero && step.conditions.trigger == nil && step.conditions.afterStep == nil {
            problems.add(at: line, "step '\(step.id)': delay counts from a trigger or an after_step, and this step has neither")
        }
        if step.kind == .webinarInvite, let rule = step.content, !catalog.contains(where: { $0.kind.isScheduled && (rule.kinds.isEmpty || rule.kinds.contains($0.kind)) }) {
            problems.add(at: line, "step '\(step.id)': the catalog has no webinar or event to invite to")
        }
    }
}
