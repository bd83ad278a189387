import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

/// Scoring, decay, BANT and stage moves, at fixed moments (`Fixtures.now` is 2026-11-23 09:00 UTC).
@Suite struct QualifierTests {
    let now = Fixtures.now

    func day(_ n: Double) -> Date { now.addingTimeInterval(n * 86_400) }

    func rules(_ rules: [ScoringRule], transitions: StageTransitions = .default) -> Qualifier {
        Qualifier(rules: ScoringRules(source: "scoring/test.yaml", rules: rules, transitions: transitions), ladder: .default)
    }

    func history(_ contact: Contact = Fixtures.contact(stage: .subscriber), _ events: [ContactEvent] = [], overrides: [StageOverride] = []) -> ContactHistory {
        var history = ContactHistory(contact: contact, events: events)
        history.stageOverrides = overrides
        return history
    }

    func event(_ type: EventType, at: Date, page: String? = nil, _ properties: [String: String] = [:]) -> ContactEvent {
        var properties = properties
        if let page { properties["page"] = page }
        return ContactEvent(type: type, at: at, properties: properties)
    }

    static let pricing = ScoringRule(id: "pricing-page", points: 20, kind: .behaviour(EventMatch(types: [.pageViewed], properties: [.init(name: "page", values: ["pricing"])])), decay: .halfLife(.days(30)))
    static let otherPages = ScoringRule(id: "other-pages", points: 2, kind: .behaviour(EventMatch(types: [.pageViewed])), cap: 5, decay: .expires(.days(30)))
    static let downloads = ScoringRule(id: "downloads", points: 10, kind: .behaviour(EventMatch(types: [.contentDownloaded])), cap: 25, decay: .halfLife(.days(90)))

    // MARK: attribute rules

    @Test func attributeRulesMatchListsWordsRangesAndCustomColumns() {
        let qualifier = rules([
            ScoringRule(id: "industry", points: 10, kind: .attribute(.custom("industry"), .oneOf(["software"]))),
            ScoringRule(id: "senior", points: 15, kind: .attribute(.jobTitle, .words([["vp"], ["head"], ["chief"]]))),
            ScoringRule(id: "junior", points: -20, kind: .attribute(.jobTitle, .words([["intern"]]))),
            ScoringRule(id: "size", points: 10, kind: .attribute(.custom("company_size"), .range(atLeast: 201, atMost: nil))),
            ScoringRule(id: "free-mail", points: -15, kind: .attribute(.emailDomain, .oneOf(["gmail.com"]))),
        ])
        var head = Fixtures.contact("ann@acme.example", stage: .subscriber)
        head.jobTitle = "Head of BI"
        head.customFields = ["industry": " Software ", "company_size": "201-1000"]
        #expect(qualifier.qualify(history(head), now: now).score == 35)
        #expect(qualifier.qualify(history(head), now: now).rules.map(\.rule) == ["senior", "industry", "size"])

        var intern = Fixtures.contact("bob@gmail.com", stage: .subscriber)
        intern.jobTitle = "Marketing Intern (headcount)"   // "headcount" is not the word "head"
        intern.customFields = ["company_size": "1-50", "industry": "retail"]
        #expect(qualifier.qualify(history(intern), now: now).score == -35)
    }

    // MARK: behaviour rules, first match, caps

    @Test func eachEventCountsForTheFirstMatchingRule() {
        let qualifier = rules([Self.pricing, Self.otherPages])
        let q = qualifier.qualify(history(Fixtures.contact(stage: .subscriber), [
            event(.pageViewed, at: now, page: "pricing"), event(.pageViewed, at: now, page: "blog"),
        ]), now: now)
        #expect(q.score == 22)
        #expect(q.rules.map(\.rule) == ["pricing-page", "other-pages"])
    }

    @Test func aCapLimitsWhatOneRuleGives() {
        let qualifier = rules([Self.otherPages])
        let views = (0..<6).map { event(.pageViewed, at: day(-Double($0)), page: "blog/\($0)") }
        let q = qualifier.qualify(history(Fixtures.contact(stage: .subscriber), views), now: now)
        #expect(q.score == 5)
        #expect(q.rules.first?.cappedAt == 5)
        #expect(q.rules.first?.items.count == 6)
    }

    // MARK: decay

    @Test func halfLifeHalvesThePointsAtEachSpan() {
        let qualifier = rules([Self.pricing])
        let viewed = history(Fixtures.contact(stage: .subscriber), [event(.pageViewed, at: now, page: "pricing")])
        #expect(qualifier.qualify(viewed, now: now).score == 20)
        #expect(qualifier.qualify(viewed, now: day(30)).score == 10)
        #expect(qualifier.qualify(viewed, now: day(60)).score == 5)
        #expect(qualifier.qualify(viewed, now: day(15)).score == 14)   // 20 × 2^-0.5 = 14.1
        #expect(qualifier.qualify(viewed, now: day(-1)).score == 0)    // before the event: not seen yet
    }

    @Test func expiryKeepsFullPointsThenNone() {
        let qualifier = rules([Self.otherPages])
        let viewed = history(Fixtures.contact(stage: .subscriber), [event(.pageViewed, at: now, page: "blog")])
        #expect(qualifier.qualify(viewed, now: day(29.9)).score == 2)
        #expect(qualifier.qualify(viewed, now: day(30)).score == 0)
        #expect(qualifier.qualify(viewed, now: day(365)).score == 0)
    }

    @Test func aCapAppliesAfterDecay() {
        let qualifier = rules([Self.downloads])
        let downloads = (0..<4).map { ContactEvent(type: .contentDownloaded, at: day(-Double($0)), content: "item-\($0)") }
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .subscriber), downloads), now: now).score == 25)
        // A year later the four are worth 4 × 10 × 2^(-365/90) ≈ 2.4: the cap no longer bites.
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .subscriber), downloads), now: day(365)).score == 2)
    }

    // MARK: threshold crossings

    @Test func crossingTheThresholdMakesAnMQLAndDecayDoesNotDemote() {
        let qualifier = rules([
            ScoringRule(id: "senior", points: 35, kind: .attribute(.jobTitle, .words([["vp"]]))),
            ScoringRule(id: "webinar", points: 20, kind: .behaviour(EventMatch(types: [.webinarAttended])), decay: .halfLife(.days(30))),
        ])
        var contact = Fixtures.contact(stage: .lead)
        contact.jobTitle = "VP Sales"
        let visit = ContactEvent(type: .webinarAttended, at: day(-1), content: "webinar")
        let before = qualifier.qualify(history(contact, [visit]), now: day(-2))
        #expect(before.stage == .lead)
        #expect(before.score == 35)
        let after = qualifier.qualify(history(contact, [visit]), now: now)
        #expect(after.stage == .mql)
        #expect(after.score >= 50)
        #expect(after.moves.last?.cause.contains("score 55 ≥ 50 after webinar_attended webinar") == true)
        #expect(after.moves.last?.at == visit.at)
        #expect(after.moves.last?.by == "rules in scoring/test.yaml")
        // Sixty days on, the webinar is worth 5: the score is back under 50, the stage stays.
        let later = qualifier.qualify(history(contact, [visit]), now: day(60))
        #expect(later.score == 40)
        #expect(later.stage == .mql)
    }

    @Test func attributesAloneOverTheThresholdQualifyFromTheStart() {
        let qualifier = rules([ScoringRule(id: "senior", points: 60, kind: .attribute(.jobTitle, .words([["chief"]])))])
        var contact = Fixtures.contact(stage: .subscriber)
        contact.jobTitle = "Chief Data Officer"
        let q = qualifier.qualify(history(contact), now: now)
        #expect(q.stage == .mql)
        #expect(q.moves.map(\.to) == [.subscriber, .mql])
        #expect(q.moves.last?.at == nil)
    }

    // MARK: transitions by event

    @Test func aConversionMakesASubscriberALeadAndAPurchaseACustomer() {
        let qualifier = rules([])
        let download = ContactEvent(type: .contentDownloaded, at: day(-3), content: "ebook")
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .subscriber), [download]), now: now).stage == .lead)
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .subscriber), [download]), now: day(-4)).stage == .subscriber)
        // Newsletter sign-ups keep a subscriber a subscriber.
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .subscriber), [event(.newsletterSignup, at: day(-1))]), now: now).stage == .subscriber)
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .mql), [download, event(.purchased, at: day(-1))]), now: now).stage == .customer)
    }

    @Test func aQuoteOrAPricingVisitMakesAProspectButNeverMovesDown() {
        let qualifier = rules([])
        let quote = history(Fixtures.contact(stage: .subscriber), [event(.quoteRequested, at: day(-2))])
        let q = qualifier.qualify(quote, now: now)
        #expect(q.stage == .prospect)
        #expect(q.moves.last?.cause.hasPrefix("sales request: quote_requested") == true)
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .lead), [event(.pageViewed, at: day(-2), page: "Pricing")]), now: now).stage == .prospect)
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .lead), [event(.pageViewed, at: day(-2), page: "blog")]), now: now).stage == .lead)
        // A customer who asks for a quote stays a customer.
        #expect(qualifier.qualify(history(Fixtures.contact(stage: .customer), [event(.quoteRequested, at: day(-2))]), now: now).stage == .customer)
    }

    // MARK: BANT

    @Test func bantFromColumnsMakesAProspectWhenAllFourArePositive() {
        let qualifier = rules([])
        var contact = Fixtures.contact(stage: .lead)
        contact.customFields = ["bant_budget": "Yes", "bant_authority": "decision maker", "bant_need": "yes", "bant_timing": "This quarter"]
        let q = qualifier.qualify(history(contact), now: now)
        #expect(q.stage == .prospect)
        #expect(q.bant.allSatisfy { $0.positive })
        #expect(q.bant.first?.source == "column bant_budget")

        contact.customFields["bant_timing"] = "next year"
        let notYet = qualifier.qualify(history(contact), now: now)
        #expect(notYet.stage == .lead)
        #expect(notYet.bant.last?.value == "next year")
        #expect(notYet.bant.last?.positive == false)
    }

    @Test func bantFromAFormCompletesWhatTheColumnsLeaveOpen() {
        let qualifier = rules([])
        var contact = Fixtures.contact(stage: .lead)
        contact.customFields = ["bant_budget": "approved", "bant_authority": "yes"]
        let form = event(.formSubmitted, at: day(-1), ["need": "confirmed", "timeline": "this_quarter"])
        let q = qualifier.qualify(history(contact, [form]), now: now)
        #expect(q.stage == .prospect)
        #expect(q.moves.last?.at == form.at)
        #expect(q.bant.last?.source?.hasPrefix("form_submitted on") == true)
        #expect(qualifier.qualify(history(contact, [form]), now: day(-2)).stage == .lead)
    }

    // MARK: a person's override

    @Test func aPersonsStageWinsUntilALaterEventMovesTheContactUp() {
        let qualifier = rules([])
        let quote = event(.quoteRequested, at: day(-10))
        let demoted = StageOverride(stage: .lead, at: day(-5), reason: "not ready: budget next year", by: "maya")
        let contact = Fixtures.contact(stage: .subscriber)
        let held = qualifier.qualify(history(contact, [quote], overrides: [demoted]), now: now)
        #expect(held.stage == .lead)
        #expect(held.moves.map(\.to) == [.subscriber, .prospect, .lead])
        #expect(held.moves.last?.by == "maya")
        #expect(held.moves.last?.cause == "set by hand: not ready: budget next year")
        // Before the override, the rules' stage holds.
        #expect(qualifier.qualify(history(contact, [quote], overrides: [demoted]), now: day(-6)).stage == .prospect)
        // A conversion does not lift a lead; a later pricing visit does.
        let download = ContactEvent(type: .contentDownloaded, at: day(-3), content: "ebook")
        #expect(qualifier.qualify(history(contact, [quote, download], overrides: [demoted]), now: now).stage == .lead)
        let pricing = event(.pageViewed, at: day(-1), page: "pricing")
        #expect(qualifier.qualify(history(contact, [quote, download, pricing], overrides: [demoted]), now: now).stage == .prospect)
    }

    @Test func aScoreAlreadyOverTheThresholdDoesNotUndoAPersonsStage() {
        let qualifier = rules([ScoringRule(id: "senior", points: 60, kind: .attribute(.jobTitle, .words([["chief"]]))), Self.otherPages])
        var contact = Fixtures.contact(stage: .subscriber)
        contact.jobTitle = "Chief of Staff"
        let set = StageOverride(stage: .lead, at: day(-5), reason: "wrong department", by: "sam")
        let q = qualifier.qualify(history(contact, [event(.pageViewed, at: day(-1), page: "blog")], overrides: [set]), now: now)
        #expect(q.score == 62)
        #expect(q.stage == .lead)
    }

    @Test func theStandingAgreesWithTheFullQualification() {
        let qualifier = rules([Self.pricing, Self.otherPages, Self.downloads])
        let events = [event(.pageViewed, at: day(-3), page: "pricing"), ContactEvent(type: .contentDownloaded, at: day(-2), content: "x"), event(.pageViewed, at: day(-1), page: "blog")]
        for moment in [day(-2.5), now, day(40)] {
            let full = qualifier.qualify(history(Fixtures.contact(stage: .subscriber), events), now: moment)
            #expect(qualifier.standing(of: history(Fixtures.contact(stage: .subscriber), events), now: moment) == full.standing)
        }
    }
}
