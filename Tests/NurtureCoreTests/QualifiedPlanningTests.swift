import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

/// The planner decides on the qualified stage: plans change as stages change.
@Suite struct QualifiedPlanningTests {
    let now = Fixtures.now

    func planner() -> Planner {
        var campaign = Fixtures.campaign()
        campaign.scoring = ScoringRules(source: "scoring/test.yaml", rules: [
            ScoringRule(id: "webinar", points: 50, kind: .behaviour(EventMatch(types: [.webinarAttended])), decay: .halfLife(.days(60))),
        ])
        return Planner(campaign: campaign)
    }

    @Test func theDemoOfferReachesASubscriberOnceTheyAskForPricing() {
        let contact = Fixtures.contact(stage: .subscriber)
        let quote = Fixtures.event(.quoteRequested, daysAgo: 3)
        let pricing = [Fixtures.event(.pageViewed, daysAgo: 2, properties: ["page": "pricing"]), Fixtures.event(.pageViewed, daysAgo: 1, properties: ["page": "pricing"])]
        // Without scoring the CSV's stage decides: nothing for a subscriber.
        let unscored = Planner(campaign: Fixtures.campaign())
        #expect(unscored.decide(ContactHistory(contact: contact, events: [quote] + pricing), now: now).stepID != "demo-offer")

        let (decision, standing) = planner().decideWithStanding(ContactHistory(contact: contact, events: [quote] + pricing), now: now)
        #expect(standing?.stage == .prospect)
        #expect(decision.name == "send")
        #expect(decision.stepID == "demo-offer")
        // Before the quote, the same contact is a subscriber with nothing to send.
        #expect(planner().decide(ContactHistory(contact: contact, events: [quote] + pricing), now: now.addingTimeInterval(-4 * 86_400)).stepID != "demo-offer")
    }

    @Test func aLeadWhoCrossesTheThresholdGetsMQLContent() {
        // The case study is for mql and prospect only.
        let contact = Fixtures.contact(stage: .lead, interests: ["analytics", "dashboards"])
        let sent = [Fixtures.sent("related-content", "ebook-dash", daysAgo: 10), Fixtures.sent("related-content", "ebook-stack", daysAgo: 6),
                    Fixtures.sent("related-content", "report-costs", daysAgo: 5)]
        let before = planner().decide(ContactHistory(contact: contact, sent: sent), now: now)
        #expect(before.content != "case-retail")
        let attended = Fixtures.event(.webinarAttended, "webinar-far", daysAgo: 4)
        let (after, standing) = planner().decideWithStanding(ContactHistory(contact: contact, events: [attended], sent: sent), now: now)
        #expect(standing?.stage == .mql)
        #expect(after.content == "case-retail", "\(after)")
    }

    @Test func theSimulatorMovesStagesOnTheDayAnEventHappens() {
        let contact = Fixtures.contact(stage: .lead, interests: ["analytics"])
        let attended = Fixtures.event(.webinarAttended, "webinar-far", daysAgo: -3)   // three days after the start
        let timeline = Simulator(planner: planner()).timeline(for: ContactHistory(contact: contact, events: [attended]), from: now, days: 10)
        #expect(timeline.standing?.stage == .lead)
        #expect(timeline.moves.map(\.to) == [.mql])
        #expect(timeline.moves.first?.at == attended.at)
    }
}
