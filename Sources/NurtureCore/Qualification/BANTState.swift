/// The four BANT answers as the qualifier's walk reads them: the columns first, then each event's
/// properties (the latest answer wins). Whether an answer is positive is decided once, when it is read.
struct BANTState {
    let criteria: [(BANTCriterion, BANTRules.Criterion)]
    /// Each criterion's answer so far, in one array (a walk per contact and campaign makes one).
    private var answers: [Answer]
    private(set) var allPositive: Bool

    private struct Answer {
        var value: String?
        var positive = false
        /// Where the value came from: -1 a column, an event's position, or nil when unknown.
        var source: Int?
    }

    init(criteria: [(BANTCriterion, BANTRules.Criterion)], contact: Contact) {
        self.criteria = criteria
        answers = criteria.map { _, criterion in
            let value = criterion.column.flatMap { contact.customFields[$0] }.map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            return Answer(value: value, positive: value.map { Self.isPositive($0, criterion) } ?? false, source: value == nil ? nil : -1)
        }
        allPositive = answers.allSatisfy(\.positive)
    }

    private static func isPositive(_ value: String, _ criterion: BANTRules.Criterion) -> Bool {
        criterion.positive.contains(Topic.normalize(value))
    }

    /// Takes the event's answers; true when it gave any.
    mutating func read(_ event: ContactEvent, position: Int) -> Bool {
        guard !event.properties.isEmpty else { return false }
        var changed = false
        if event.properties.count < criteria.count {
            // Fewer properties than criteria (a page view has one): look each property's name up, not each criterion's.
            for (name, raw) in event.properties {
                for index in criteria.indices where criteria[index].1.property == name {
                    changed = take(raw, index, position) || changed
                }
            }
        } else {
            for index in criteria.indices {
                if let property = criteria[index].1.property, let raw = event.properties[property] {
                    changed = take(raw, index, position) || changed
                }
            }
        }
        if changed { allPositive = answers.allSatisfy(\.positive) }
        return changed
    }

    private mutating func take(_ raw: String, _ index: Int, _ position: Int) -> Bool {
        let value = raw.trimmingASCIIWhitespace()
        guard !value.isEmpty else { return false }
        answers[index] = Answer(value: value, positive: Self.isPositive(value, criteria[index].1), source: position)
        return true
    }

    func answers(_ events: [ContactEvent]) -> [BANTAnswer] {
        criteria.enumerated().map { index, entry in
            let (letter, criterion) = entry
            var source: String?
            let answer = answers[index]
            if let position = answer.source {
                source = position < 0 ? "column \(criterion.column ?? "")" : "\(events[position].type.rawValue) on \(ReasonDate.format(events[position].at))"
            }
            return BANTAnswer(criterion: letter, value: answer.value, positive: answer.positive, source: source)
        }
    }
}
