import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

/// An unsubscribe from one campaign stops that campaign only; one from everything (or a bounce, a
/// complaint) stops them all.
@Suite struct PlannerSuppressionTests {
    let now = Fixtures.now
    let unsubscribedAt = TestTime.at("2026-11-20T14:02:00Z")

    /// A second campaign that thanks conversions too.
    var drip: Campaign {
        var campaign = Fixtures.campaign()
        campaign.name = "webinar-drip"
        campaign.steps = [Step(id: "thanks", kind: .thankYou, template: "thank-you", conditions: StepConditions(
            trigger: Trigger(events: EventType.conversions, within: .days(7))))]
        return campaign
    }

    func history(unsubscribedFrom: [String: Date] = [:], suppressed: Bool = false) -> ContactHistory {
        ContactHistory(
            contact: Fixtures.contact(), events: [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.1)],
            suppressed: suppressed, unsubscribedFrom: unsubscribedFrom)
    }

    @Test func anUnsubscribeFromThisCampaignEndsItWithTheDate() {
        let planner = Planner(campaign: Fixtures.campaign())
        #expect(planner.decide(history(), now: now).name == "send")
        let decision = planner.decide(history(unsubscribedFrom: [planner.campaign.name: unsubscribedAt]), now: now)
        #expect(decision.name == "done")
        #expect(decision.reason == "unsubscribed from this campaign on 2026-11-20 14:02 UTC: stop emailing")
    }

    @Test func anUnsubscribeFromAnotherCampaignChangesNothingHere() {
        let planner = Planner(campaign: Fixtures.campaign())
        let decision = planner.decide(history(unsubscribedFrom: ["webinar-drip": unsubscribedAt]), now: now)
        #expect(decision.name == "send")
        #expect(planner.exitReason(for: history(unsubscribedFrom: ["webinar-drip": unsubscribedAt]), now: .distantFuture) == nil)
    }

    /// What a run asks before retrying a claimed entry, whatever the clock says.
    @Test func aRetryIsCancelledForAContactWhoUnsubscribedFromItsCampaign() {
        let planner = Planner(campaign: Fixtures.campaign())
        let reason = planner.exitReason(for: history(unsubscribedFrom: [planner.campaign.name: unsubscribedAt]), now: .distantFuture)
        #expect(reason?.hasPrefix("unsubscribed from this campaign on 2026-11-20 14:02 UTC") == true)
    }

    @Test func theSuppressionOfEverythingWinsOverACampaignUnsubscribe() {
        let planner = Planner(campaign: Fixtures.campaign())
        let decision = planner.decide(history(unsubscribedFrom: [planner.campaign.name: unsubscribedAt], suppressed: true), now: now)
        #expect(decision.reason.hasPrefix("address is suppressed"))
    }

    /// One history, read once, planned for two campaigns: only the campaign unsubscribed from stops.
    @Test func pacedPlanningStopsOnlyTheCampaignUnsubscribedFrom() throws {
        let planner = PacedPlanner(campaigns: [Fixtures.campaign(), drip])
        let both = planner.plan(history(), now: now)
        #expect(both.filter { $0.decision.name == "send" }.count == 1, "one thank-you for the download, whichever campaign")

        let decisions = planner.plan(history(unsubscribedFrom: ["webinar-drip": unsubscribedAt]), now: now)
        let drip = try #require(decisions.first { $0.campaign == "webinar-drip" })
        #expect(drip.decision.name == "done")
        #expect(drip.decision.reason.hasPrefix("unsubscribed from this campaign"))
        let nurture = try #require(decisions.first { $0.campaign == Fixtures.campaign().name })
        #expect(nurture.decision.name == "send")

        let everything = planner.plan(history(suppressed: true), now: now)
        #expect(everything.allSatisfy { $0.decision.name == "done" })
    }

    @Test func aFocusedHistoryKeepsEveryCampaignUnsubscribe() {
        let unsubscribes = ["webinar-drip": unsubscribedAt, "lead-nurture": now]
        var history = history(unsubscribedFrom: unsubscribes)
        history.elsewhere = [SentMessage(step: "x", contentKey: "", content: nil, at: now, state: .sent, campaign: "webinar-drip", kind: .email)]
        #expect(history.focused(on: "webinar-drip").unsubscribedFrom == unsubscribes)
    }
}
