import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct PacedPlannerTests {
    let now = Fixtures.now   // Monday 2026-11-23 09:00Z

    /// A second campaign that sends one fixed drip email to leads right away, and thanks downloads.
    func drip(priority: Int = 0) -> Campaign {
        var campaign = Fixtures.campaign()
        campaign.name = "webinar-drip"
        campaign.priority = priority
        campaign.steps = [
            Step(id: "thanks", kind: .thankYou, template: "thank-you", conditions: StepConditions(
                trigger: Trigger(events: EventType.conversions, within: .days(7)))),
            Step(id: "hello", kind: .email, template: "related-content", conditions: StepConditions(stages: [.lead])),
        ]
        return campaign
    }

    func history(_ events: [ContactEvent] = [], sent: [SentMessage] = []) -> ContactHistory {
        ContactHistory(contact: Fixtures.contact(stage: .lead, interests: ["analytics"]), events: events, sent: sent)
    }

    @Test func twoCampaignsShareOneGapAcrossCampaigns() throws {
        // lead-nurture sent related content two hours ago: the drip's email must wait for the 2-day gap.
        let earlier = SentMessage(step: "related-content", contentKey: "ebook-stack", content: "ebook-stack", at: now.addingTimeInterval(-7200),
                                  state: .sent, campaign: "lead-nurture", kind: .relatedContent)
        let planner = PacedPlanner(campaigns: [Fixtures.campaign(), drip()])
        let decisions = planner.plan(history(sent: [earlier]), now: now)
        let dripDecision = try #require(decisions.first { $0.campaign == "webinar-drip" })
        #expect(dripDecision.decision.name == "wait")
        #expect(dripDecision.hold?.rule == .minimumGap)
        // The gap ends at 07:00Z, still quiet hours in London (the fixture contact): the slot is 08:00.
        #expect(dripDecision.decision.at == TestTime.at("2026-11-25T08:00:00Z"))
    }

    @Test func theHigherPriorityCampaignWinsAContestedSlot() {
        for (dripPriority, winner) in [(10, "webinar-drip"), (-1, "lead-nurture")] {
            let planner = PacedPlanner(campaigns: [Fixtures.campaign(), drip(priority: dripPriority)])
            let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 5)
            // Five days after a thanked download, both campaigns have a nurture email due.
            let thanked = SentMessage(step: "thank-you", contentKey: "ebook-stack", content: "ebook-stack", at: now.addingTimeInterval(-5 * 86_400),
                                      state: .sent, campaign: "lead-nurture", kind: .thankYou)
            let decisions = planner.plan(history([download], sent: [thanked]), now: now)
            let sends = decisions.filter { $0.decision.name == "send" }.map(\.campaign)
            #expect(sends == [winner], "priority \(dripPriority)")
            #expect(decisions.first { $0.campaign != winner }?.hold?.rule == .minimumGap)
        }
    }

    @Test func aConversionIsThankedOnceWhicheverCampaignAnswersFirst() {
        let planner = PacedPlanner(campaigns: [Fixtures.campaign(), drip(priority: 5)])
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.1)
        let decisions = planner.plan(history([download]), now: now)
        let thanks = decisions.filter { $0.decision.kind == .thankYou && $0.decision.name == "send" }
        #expect(thanks.map(\.campaign) == ["webinar-drip"])

        // On a later run, with the drip's thank-you in the ledger, lead-nurture does not thank it either.
        let recorded = SentMessage(step: "thanks", contentKey: "ebook-stack", content: "ebook-stack", at: now, state: .sent,
                                   campaign: "webinar-drip", kind: .thankYou)
        let later = planner.plan(history([download], sent: [recorded]), now: now.addingTimeInterval(3600))
        #expect(later.allSatisfy { !($0.decision.kind == .thankYou && $0.decision.name == "send") })
    }

    @Test func aThankYouGoesEvenInsideTheGapAndCountsTowardTheNext() throws {
        let planner = PacedPlanner(campaigns: [Fixtures.campaign()])
        let earlier = SentMessage(step: "related-content", contentKey: "guide-quality", content: "guide-quality", at: now.addingTimeInterval(-3600),
                                  state: .sent, campaign: "lead-nurture", kind: .relatedContent)
        let download = Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 0.01)
        let decision = try #require(planner.plan(history([download], sent: [earlier]), now: now).first)
        #expect(decision.decision.name == "send")
        #expect(decision.decision.kind == .thankYou)
    }

    @Test func waitsAreMovedIntoTheSendWindow() throws {
        var contact = Fixtures.contact(stage: .prospect)
        contact.timeZone = "America/Los_Angeles"
        let planner = PacedPlanner(campaigns: [Fixtures.campaign()])
        let decision = try #require(planner.plan(ContactHistory(contact: contact), now: now).first)
        #expect(decision.decision.name == "wait")
        #expect(decision.hold?.rule == .quietHours)
        #expect(decision.decision.at == TestTime.at("2026-11-23T16:00:00Z"))
        #expect(decision.decision.reason.contains("quiet hours in America/Los_Angeles until 08:00 (16:00 UTC)"))
    }
}
