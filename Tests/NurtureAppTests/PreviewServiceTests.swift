import Foundation
import NurtureApp
import NurtureCore
import NurtureRender
import NurtureStore
import Testing

/// `PreviewService` on a real store: one file per due message, a report, nothing recorded.
struct PreviewServiceTests {
    @Test func writesOneFilePerSendAndRecordsNothing() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let histories = try fixture.histories(store)
        let plans = try fixture.plans(store)
        let sends = plans.filter { $0.decision.name == "send" }
        let out = fixture.path("preview")

        let report = try PreviewService(planning: try fixture.planning(store), composer: try fixture.composer())
            .run(now: AppFixture.now, only: nil, outputDirectory: out)

        #expect(report.written.count == sends.count)
        #expect(report.skipped.isEmpty, "\(report.skipped)")
        var perStep: [String: Int] = [:]
        for plan in sends { perStep[plan.decision.stepID ?? "?", default: 0] += 1 }
        #expect(report.perStep == perStep)
        var summary = PlanSummary()
        for plan in plans { summary.add(plan.decision, hold: plan.hold) }
        #expect(report.plans == summary)
        #expect(report.lines.last == "plan: " + summary.line)
        for path in report.written {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.starts(with: Data("From: ".utf8)), "\(path)")
            #expect(!data.contains(where: { $0 == 0 }))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(names.filter { $0.hasSuffix(".eml") }.count == sends.count)
        #expect(names.contains("index.html"))
        #expect(try fixture.histories(store) == histories, "preview records nothing: no ledger rows, no changes")
    }

    @Test func aMessageThatCannotBeComposedIsSkippedWithItsReason() throws {
        let fixture = try AppFixture()
        let store = try fixture.store()
        let file = try fixture.write("p.csv", "email,first_name,company,stage\nwith@acme.example,Ann,Acme,prospect\nwithout@acme.example,Bob,,prospect\n")
        _ = try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importContacts(path: file)
        // Templates whose demo-offer subject needs a company: "no value, no email".
        let templates = fixture.directory.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: AppFixture.templatesPath), to: templates)
        try fixture.write("templates/demo-offer.subject.mustache", "A walkthrough for {{company}}\n")
        let loaded = try AppFixture.campaign()
        let composer = MessageComposer(campaign: loaded.campaign, templates: try TemplateLibrary(directory: templates.path))

        let report = try PreviewService(planning: try fixture.planning(store), composer: composer)
            .run(now: AppFixture.now, only: nil, outputDirectory: fixture.path("preview"))
        #expect(report.written.count == 1)
        #expect(report.written.first?.hasSuffix("-demo-offer-with@acme.example.eml") == true)
        #expect(report.skipped.map(\.contact) == ["without@acme.example"])
        #expect(report.skipped.first?.reason.contains("company") == true, "\(report.skipped)")
        #expect(report.lines.contains("1 skipped:"))
    }
}

/// `SimulationService` on a real store.
struct SimulationServiceTests {
    func timelines(_ fixture: AppFixture, _ store: SQLiteStore, days: Int) throws -> [ContactTimeline] {
        var all: [ContactTimeline] = []
        try SimulationService(planning: try fixture.planning(store)).forEachTimeline(from: AppFixture.now, days: days, only: nil) { all.append($0) }
        return all
    }

    @Test func dayZeroSendsWhatThePlanSaysAndNothingIsRecorded() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let histories = try fixture.histories(store)
        let plans = try fixture.plans(store)
        let timelines = try timelines(fixture, store, days: 1)
        #expect(timelines.map(\.contact.email) == plans.map(\.contact.email))
        for (timeline, plan) in zip(timelines, plans) {
            // What goes at the start itself (later on day 0, an email held for quiet hours may follow).
            let dayZero = timeline.emails.filter { $0.at == AppFixture.now }
            if case let .send(send) = plan.decision {
                #expect(dayZero.map(\.send) == [send], "\(plan.contact.email)")
                #expect(dayZero.first?.at == AppFixture.now)
            } else {
                #expect(dayZero.isEmpty, "\(plan.contact.email): \(plan.decision)")
            }
        }
        #expect(try fixture.histories(store) == histories)
    }

    @Test func aLongerHorizonKeepsEveryEmailInsideIt() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let timelines = try timelines(fixture, store, days: 14)
        #expect(timelines.count == 51)
        for timeline in timelines {
            #expect(timeline.emails.allSatisfy { $0.day >= 0 }, "\(timeline.contact.email)")
            #expect(timeline.emails.map(\.day) == timeline.emails.map(\.day).sorted())
            if timeline.contact.stage == .customer { #expect(timeline.emails.isEmpty) }
            // The qualified stage decides: a demo offer only ever goes to a prospect.
            for email in timeline.emails where email.send.kind == .demoOffer { #expect(email.standing?.stage == .prospect, "\(timeline.contact.email)") }
        }
        #expect(timelines.map(\.emails.count).reduce(0, +) > 51 / 2)
    }

    @Test func aHorizonOfNDaysIsNRuns() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        for days in [1, 14] {
            for timeline in try timelines(fixture, store, days: days) {
                #expect(timeline.emails.allSatisfy { (0..<days).contains($0.day) }, "\(timeline.contact.email)")
            }
        }
    }
}
