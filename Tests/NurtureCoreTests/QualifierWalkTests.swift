import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

/// The qualifier's walk against a reference written to be obviously right (every score recomputed from
/// scratch at every event), and the score transition as a level, not a crossing.
@Suite struct QualifierWalkTests {
    let now = Fixtures.now

    func day(_ n: Double) -> Date { now.addingTimeInterval(n * 86_400) }

    static let behaviours = [
        ScoringRule(id: "pricing-page", points: 20, kind: .behaviour(EventMatch(types: [.pageViewed], properties: [.init(name: "page", values: ["pricing"])])), decay: .halfLife(.days(30))),
        ScoringRule(id: "other-pages", points: 2, kind: .behaviour(EventMatch(types: [.pageViewed])), cap: 10, decay: .expires(.days(30))),
        ScoringRule(id: "downloads", points: 10, kind: .behaviour(EventMatch(types: [.contentDownloaded])), cap: 30, decay: .halfLife(.days(90))),
        ScoringRule(id: "webinars", points: 20, kind: .behaviour(EventMatch(types: [.webinarAttended])), cap: 60),
        ScoringRule(id: "forms", points: 8, kind: .behaviour(EventMatch(types: [.formSubmitted])), decay: .expires(.days(7))),
        ScoringRule(id: "unsubscribed", points: -25, kind: .behaviour(EventMatch(types: [.unsubscribed])), cap: 40, decay: .halfLife(.days(20))),
    ]

    static func onlyScore(_ threshold: Int) -> StageTransitions {
        StageTransitions(conversion: nil, score: ScoreTransition(to: .mql, from: [.subscriber, .lead], threshold: threshold), bant: nil, salesRequest: nil, purchase: nil)
    }

    func randomEvents(count: Int, seed: UInt64) -> [ContactEvent] {
        var random = SeededRandom(seed: seed)
        var at = day(-700)
        let pages = ["pricing", "blog", "Pricing", "docs", " careers "]
        return (0..<count).map { _ in
            // Bursts (several events in one second) and gaps of up to half a day.
            if Int.random(in: 0..<4, using: &random) != 0 { at = at.addingTimeInterval(Double(Int.random(in: 0...(86_400 / 2), using: &random))) }
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<10: return ContactEvent(type: .pageViewed, at: at, properties: ["page": pages.randomElement(using: &random)!])
            case 10..<13: return ContactEvent(type: .contentDownloaded, at: at, content: "item-\(Int.random(in: 0..<9, using: &random))")
            case 13..<15: return ContactEvent(type: .formSubmitted, at: at, properties: ["form": "contact"])
            case 15: return ContactEvent(type: .webinarAttended, at: at, content: "webinar")
            case 16..<18: return ContactEvent(type: .unsubscribed, at: at)
            default: return ContactEvent(type: .emailReplied, at: at)
            }
        }
    }

    /// The score after each event of `sorted` (oldest first), at its time: every event so far decayed from
    /// scratch, each rule's sum capped, plus `base`.
    func referenceScores(_ sorted: [ContactEvent], rules: [ScoringRule], base: Double) -> [Int] {
        func rule(of event: ContactEvent) -> Int? {
            rules.firstIndex { if case let .behaviour(match) = $0.kind { return match.matches(event) } else { return false } }
        }
        let assigned = sorted.map(rule(of:))
        return sorted.indices.map { last in
            var sums = [Double](repeating: 0, count: rules.count)
            for position in 0...last {
                guard let index = assigned[position] else { continue }
                sums[index] += Double(rules[index].points) * rules[index].decay.factor(age: sorted[last].at.timeIntervalSince(sorted[position].at))
            }
            var total = base
            for (index, sum) in sums.enumerated() {
                total += rules[index].cap.map { cap in max(-Double(cap), min(Double(cap), sum)) } ?? sum
            }
            return Int(total.rounded())
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func thousandsOfEventsScoreAsTheReferenceDoes(seed: UInt64) {
        let fit = ScoringRule(id: "fit", points: 12, kind: .attribute(.jobTitle, .words([["vp"]])))
        var contact = Fixtures.contact(stage: .subscriber)
        contact.jobTitle = "VP Data"
        let events = randomEvents(count: 2_500, seed: seed)
        #expect(events.allSatisfy { $0.at <= now })
        // Oldest first; one moment's events by type, then content and page (each generated event has at most one property).
        let sorted = events.sorted { ($0.at, $0.type.rawValue, $0.content ?? "", $0.properties["page"] ?? "") < ($1.at, $1.type.rawValue, $1.content ?? "", $1.properties["page"] ?? "") }
        let reference = referenceScores(sorted, rules: Self.behaviours, base: 12)
        // Thresholds the walk reaches early, late and never.
        let ordered = reference.sorted()
        let thresholds = [ordered[ordered.count / 4], ordered[ordered.count * 9 / 10], ordered.last!, ordered.last! + 1]
        for threshold in thresholds {
            let qualifier = Qualifier(rules: ScoringRules(source: "scoring/test.yaml", rules: [fit] + Self.behaviours, transitions: Self.onlyScore(threshold)), ladder: .default)
            let q = qualifier.qualify(ContactHistory(contact: contact, events: events), now: now)
            let crossing = reference.firstIndex { $0 >= threshold }
            if let crossing {
                #expect(q.stage == .mql)
                #expect(q.moves.map(\.to) == [.subscriber, .mql])
                #expect(q.moves.last?.at == sorted[crossing].at)
                #expect(q.moves.last?.cause.hasPrefix("score \(reference[crossing]) ≥ \(threshold) after ") == true)
            } else {
                #expect(q.stage == .subscriber)
                #expect(q.moves.count == 1)
            }
            #expect(q.score == referenceScores(sorted + [ContactEvent(type: .newsletterSignup, at: now)], rules: Self.behaviours, base: 12).last)
            #expect(qualifier.standing(of: ContactHistory(contact: contact, events: events), now: now) == q.standing)
        }
    }

    @Test func theSameEventsInAnyOrderQualifyTheSame() {
        var random = SeededRandom(seed: 42)
        let qualifier = Qualifier(rules: ScoringRules(source: "scoring/test.yaml", rules: Self.behaviours), ladder: .default)
        var events = randomEvents(count: 400, seed: 7)
        // Ties on time and type, told apart only by their properties: BANT's latest answer must not depend on the input order.
        events += [ContactEvent(type: .formSubmitted, at: day(-3), properties: ["budget": "yes"]),
                   ContactEvent(type: .formSubmitted, at: day(-3), properties: ["budget": "no"]),
                   ContactEvent(type: .formSubmitted, at: day(-3), properties: ["budget": "no", "need": "yes"])]
        let expected = qualifier.qualify(ContactHistory(contact: Fixtures.contact(stage: .subscriber), events: events), now: now)
        for _ in 0..<5 {
            events.shuffle(using: &random)
            #expect(qualifier.qualify(ContactHistory(contact: Fixtures.contact(stage: .subscriber), events: events), now: now) == expected)
        }
    }

    // MARK: the score transition is a level

    /// Fit worth `fit` points, downloads worth 10 (a conversion), the score moving leads only.
    func levelQualifier(fit: Int, threshold: Int = 50) -> (Qualifier, Contact) {
        var transitions = StageTransitions.default
        transitions.score = ScoreTransition(to: .mql, from: [.lead], threshold: threshold)
        let qualifier = Qualifier(rules: ScoringRules(source: "scoring/test.yaml", rules: [
            ScoringRule(id: "fit", points: fit, kind: .attribute(.jobTitle, .words([["vp"]]))),
            ScoringRule(id: "downloads", points: 10, kind: .behaviour(EventMatch(types: [.contentDownloaded]))),
        ], transitions: transitions), ladder: .default)
        var contact = Fixtures.contact(stage: .subscriber)
        contact.jobTitle = "VP Sales"
        return (qualifier, contact)
    }

    @Test func aConversionIntoAStageTheScoreMovesFromMovesOnWhenTheScoreIsAlreadyOver() {
        let (qualifier, contact) = levelQualifier(fit: 45)
        let download = ContactEvent(type: .contentDownloaded, at: day(-3), content: "ebook")
        let q = qualifier.qualify(ContactHistory(contact: contact, events: [download]), now: now)
        #expect(q.score == 55)
        #expect(q.stage == .mql)
        #expect(q.moves.map(\.to) == [.subscriber, .lead, .mql])
        #expect(q.moves.dropFirst().map(\.at) == [download.at, download.at])
        #expect(q.moves.last?.cause.hasPrefix("score 55 ≥ 50 after content_downloaded ebook") == true)
        // The planner's standing agrees.
        #expect(qualifier.standing(of: ContactHistory(contact: contact, events: [download]), now: now).stage == .mql)
        // A lead already over the threshold from the start is an MQL from the start.
        var lead = contact
        lead.stage = .lead
        let scored = levelQualifier(fit: 55).0.qualify(ContactHistory(contact: lead), now: now)
        #expect(scored.stage == .mql)
    }

    @Test func aScoreOfExactlyTheThresholdMoves() {
        let download = ContactEvent(type: .contentDownloaded, at: day(-3), content: "ebook")
        #expect(levelQualifier(fit: 40).0.qualify(ContactHistory(contact: levelQualifier(fit: 40).1, events: [download]), now: now).stage == .mql)
        #expect(levelQualifier(fit: 39).0.qualify(ContactHistory(contact: levelQualifier(fit: 39).1, events: [download]), now: now).stage == .lead)
        #expect(levelQualifier(fit: 39, threshold: 49).0.qualify(ContactHistory(contact: levelQualifier(fit: 39).1, events: [download]), now: now).stage == .mql)
    }

    @Test func aNegativeSignalFadingLiftsTheScoreOverTheThresholdAtTheNextEvent() {
        // 45 from fit, +15 a webinar, −25 an unsubscribe that halves every 20 days.
        let qualifier = Qualifier(rules: ScoringRules(source: "scoring/test.yaml", rules: [
            ScoringRule(id: "fit", points: 45, kind: .attribute(.jobTitle, .words([["vp"]]))),
            ScoringRule(id: "webinar", points: 15, kind: .behaviour(EventMatch(types: [.webinarAttended]))),
            ScoringRule(id: "unsubscribed", points: -25, kind: .behaviour(EventMatch(types: [.unsubscribed])), decay: .halfLife(.days(20))),
        ], transitions: Self.onlyScore(50)), ladder: .default)
        var contact = Fixtures.contact(stage: .subscriber)
        contact.jobTitle = "VP Sales"
        let unsubscribed = ContactEvent(type: .unsubscribed, at: day(-101))
        let webinar = ContactEvent(type: .webinarAttended, at: day(-100), content: "webinar")   // 45 + 15 − 24 = 36
        let reply = ContactEvent(type: .emailReplied, at: day(-10))   // 60 − 25 × 2^(−91/20) ≈ 58.9, worth no points itself
        let q = qualifier.qualify(ContactHistory(contact: contact, events: [unsubscribed, webinar, reply]), now: now)
        #expect(q.stage == .mql)
        #expect(q.moves.map(\.to) == [.subscriber, .mql])
        #expect(q.moves.last?.at == reply.at)
        #expect(q.moves.last?.cause.hasPrefix("score 59 ≥ 50 after email_replied") == true)
        #expect(qualifier.qualify(ContactHistory(contact: contact, events: [unsubscribed, webinar]), now: now).stage == .subscriber)
    }

    // MARK: BANT

    @Test func bantAnswersFromEventsShowEvenWhenBANTMovesNobody() {
        var transitions = StageTransitions.default
        transitions.bant = nil
        let qualifier = Qualifier(rules: ScoringRules(source: "scoring/test.yaml", rules: [], transitions: transitions), ladder: .default)
        var contact = Fixtures.contact(stage: .lead)
        contact.customFields = ["bant_budget": "approved"]
        let form = ContactEvent(type: .formSubmitted, at: day(-1), properties: ["authority": "yes", "need": "Confirmed", "timeline": "this_quarter"])
        let q = qualifier.qualify(ContactHistory(contact: contact, events: [form]), now: now)
        #expect(q.bant.map(\.value) == ["approved", "yes", "Confirmed", "this_quarter"])
        #expect(q.bant.allSatisfy { $0.positive })
        #expect(q.bant.first?.source == "column bant_budget")
        #expect(q.bant.last?.source?.hasPrefix("form_submitted on") == true)
        #expect(q.stage == .lead)
    }
}
