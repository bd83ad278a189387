import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct SimulatorTests {
    let now = Fixtures.now
    let simulator = Simulator(planner: Planner(campaign: Fixtures.campaign()))

    @Test func aLeadGetsThanksThenRelatedContentAndTheNurtureEnds() {
        let contact = Fixtures.contact(interests: ["data-engineering"])
        let history = ContactHistory(contact: contact, events: [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.2)])
        let timeline = simulator.timeline(for: history, from: now, days: 30)
        #expect(timeline.emails.map(\.send.step) == ["thank-you", "related-content", "related-content"])
        #expect(timeline.emails.map(\.day) == [0, 3, 6])
        #expect(timeline.emails.map(\.send.content) == ["ebook-stack", "report-costs", "guide-quality"])
        #expect(timeline.ended)
        #expect(timeline.end.name == "done")
    }

    @Test func oneEmailPerDayAndGapsRespected() {
        let contact = Fixtures.contact(stage: .prospect, interests: ["cloud-costs", "analytics"])
        let history = ContactHistory(contact: contact, events: [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.1)])
        let timeline = simulator.timeline(for: history, from: now, days: 30)
        let days = timeline.emails.map(\.day)
        #expect(Set(days).count == days.count)
        #expect(timeline.emails.first?.send.step == "thank-you")
        #expect(timeline.emails.dropFirst().first?.send.step == "demo-offer")
        #expect(timeline.emails.dropFirst().first?.day == 2)
    }

    @Test func theHorizonEndsTheSimulationWithWhatComesNext() {
        let contact = Fixtures.contact(stage: .subscriber, interests: ["data-governance"])
        let timeline = simulator.timeline(for: ContactHistory(contact: contact), from: now, days: 5)
        #expect(timeline.emails.isEmpty)
        #expect(!timeline.ended)
        #expect(timeline.end.name == "wait")
        #expect(timeline.end.content == "webinar-far")
    }

    @Test func simulationDoesNotTouchTheInputHistory() {
        let history = ContactHistory(contact: Fixtures.contact(interests: ["analytics"]))
        let first = simulator.timeline(for: history, from: now, days: 20)
        let second = simulator.timeline(for: history, from: now, days: 20)
        #expect(first == second)
        #expect(history.sent.isEmpty)
    }
}
