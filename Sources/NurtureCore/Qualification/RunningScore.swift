import Foundation

/// A contact's score as the walk goes event by event, oldest first, in time linear in the events: each
/// behaviour rule keeps its decayed sum as of its last event. Between two moments a half-life sum is
/// multiplied by the share left after the time between them; an expiring sum loses the events that aged
/// out (a pointer per rule over the events, which only moves forward); a sum without decay only grows.
/// The score at a moment is the attributes' points plus each rule's sum, capped as the rule says.
struct RunningScore {
    /// What the walk needs of one behaviour rule.
    struct Rule {
        let points: Double
        let cap: Double?
        let decay: ScoreDecay
    }

    private struct Sum {
        var value = 0.0
        /// The moment `value` is as of (half-life), the event last added.
        var at = Date.distantPast
        /// Expiry: the first event position that may still count.
        var oldest = 0
        var active = false
    }

    private let rules: [Rule]
    private let base: Double
    private var sums: [Sum]
    /// The rules that have had an event, in the order they first had one.
    private var active: [Int] = []

    init(rules: [Rule], base: Double) {
        self.rules = rules
        self.base = base
        sums = []
    }

    /// Adds the event at `position` (of `events`, whose rule ordinals are `assigned`) to rule `rule`.
    mutating func add(rule: Int, position: Int, events: [ContactEvent], assigned: [Int32]) {
        if sums.isEmpty { sums = Array(repeating: Sum(), count: rules.count) }
        let at = events[position].at
        if !sums[rule].active {
            sums[rule].active = true
            sums[rule].oldest = position
            active.append(rule)
        }
        let current = value(of: rule, at: at, events: events, assigned: assigned, upTo: position)
        sums[rule].value = current + rules[rule].points
        sums[rule].at = at
    }

    /// The score at `moment` of the events added so far (none later than `moment`), before rounding.
    mutating func total(at moment: Date, events: [ContactEvent], assigned: [Int32], upTo end: Int) -> Double {
        var total = base
        for rule in active {
            total += Self.capped(value(of: rule, at: moment, events: events, assigned: assigned, upTo: end), rules[rule].cap)
        }
        return total
    }

    /// Rule `rule`'s sum at `moment`, uncapped; `end` is the position of the first event not added.
    private mutating func value(of rule: Int, at moment: Date, events: [ContactEvent], assigned: [Int32], upTo end: Int) -> Double {
        switch rules[rule].decay {
        case .none:
            return sums[rule].value
        case .halfLife:
            let age = moment.timeIntervalSince(sums[rule].at)
            guard age > 0 else { return sums[rule].value }
            sums[rule].value *= rules[rule].decay.factor(age: age)
            sums[rule].at = moment
            return sums[rule].value
        case .expires:
            var oldest = sums[rule].oldest
            while oldest < end {
                if assigned[oldest] == Int32(rule) {
                    guard rules[rule].decay.factor(age: moment.timeIntervalSince(events[oldest].at)) == 0 else { break }
                    sums[rule].value -= rules[rule].points
                }
                oldest += 1
            }
            sums[rule].oldest = oldest
            return sums[rule].value
        }
    }

    /// At most `cap` points either way.
    static func capped(_ value: Double, _ cap: Double?) -> Double {
        guard let cap else { return value }
        return max(-cap, min(cap, value))
    }
}
