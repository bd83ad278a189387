import Foundation
import GRDB
import NurtureApp
import NurtureCore
import NurtureStore
import Testing

/// `CampaignPlanning` over a real store: batching, one contact, replaying the past.
struct CampaignPlanningTests {
    @Test(arguments: [1, 7, 50, 51, 52])
    func batchingDoesNotChangeThePlans(batchSize: Int) throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let whole = try fixture.plans(store)
        #expect(whole.count == 51)
        let batched = try fixture.plans(store, batchSize: batchSize)
        #expect(batched == whole)
        #expect(Set(batched.map(\.contact.email)).count == 51, "no contact twice, none left out")
    }

    /// What `prepare` makes of each plan on the slices' threads comes back with that plan, in order.
    @Test(arguments: [1, 7, 1000])
    func preparedResultsComeBackWithTheirPlans(batchSize: Int) throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        var planning = try fixture.planning(store)
        planning.batchSize = batchSize
        var handed: [ContactPlan] = []
        try planning.forEachPlan(now: AppFixture.now, prepare: { plan, view in "\(plan.contact.email)|\(view.contact.email)|\(plan.decision.name)" }) { plan, _, prepared in
            #expect(prepared == "\(plan.contact.email)|\(plan.contact.email)|\(plan.decision.name)")
            handed.append(plan)
        }
        #expect(handed == (try fixture.plans(store)))
    }

    /// Pages are read ahead on another thread: an error of the body stops the planning at once and is
    /// the caller's; the read-ahead stops with it (the next planning of the same store works).
    @Test func anErrorOfTheBodyStopsThePlanning() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        var planning = try fixture.planning(store)
        planning.batchSize = 5
        struct Stop: Error {}
        var handed = 0
        #expect(throws: Stop.self) {
            try planning.forEachPlan(now: AppFixture.now) { _, _ in
                handed += 1
                if handed == 12 { throw Stop() }
            }
        }
        #expect(handed == 12)
        #expect(try fixture.plans(store, batchSize: 5).count == 51)
    }

    /// A page the store cannot read ends the planning with the store's error, after the pages before it.
    @Test func aStoreErrorOnALaterPageIsThrown() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        // Another program's edit, through its own connection.
        try DatabaseQueue(path: fixture.dbPath).write { db in
            try db.execute(sql: "UPDATE contact SET custom_fields = 'not json' WHERE id = (SELECT id FROM contact ORDER BY id LIMIT 1 OFFSET 30)")
        }
        var planning = try fixture.planning(store)
        planning.batchSize = 10
        var handed = 0
        #expect(throws: StoreError.self) {
            try planning.forEachPlan(now: AppFixture.now) { _, _ in handed += 1 }
        }
        #expect(handed == 30, "the three pages before the broken one")
    }

    @Test func onlyPlansOneContact() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let email = AppFixture.address("carla.diaz@sol-energia.example")
        let plans = try fixture.plans(store, only: email)
        #expect(plans.map(\.contact.email) == [email])
        #expect(plans == (try fixture.plans(store)).filter { $0.contact.email == email })
        #expect(throws: NurtureError("no contact nobody@nowhere.example in the store")) {
            try fixture.plans(store, only: AppFixture.address("nobody@nowhere.example"))
        }
    }

    @Test func eventsAfterThePlanningTimeAreIgnored() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let email = AppFixture.address("carla.diaz@sol-energia.example")
        // Carla requested a demo on 2026-11-17 14:30 UTC: a person takes over from then on, not before.
        let before = try #require(try fixture.plans(store, now: ISO8601DateFormatter().date(from: "2026-11-17T14:00:00Z")!, only: email).first)
        let after = try #require(try fixture.plans(store, now: ISO8601DateFormatter().date(from: "2026-11-17T15:00:00Z")!, only: email).first)
        #expect(before.decision.name != "done", "\(before.decision)")
        #expect(after.decision.name == "done", "\(after.decision)")

        // Dana downloaded at 05:00 on the 23rd: at 04:00 there is nothing to thank her for yet.
        let dana = AppFixture.address("dana.whitfield@acme-robotics.example")
        let early = try #require(try fixture.plans(store, now: ISO8601DateFormatter().date(from: "2026-11-23T04:00:00Z")!, only: dana).first)
        #expect(early.decision.stepID != "thank-you", "\(early.decision)")
        let late = try #require(try fixture.plans(store, only: dana).first)
        #expect(late.decision.stepID == "thank-you")
        #expect(late.decision.content == "ebook-modern-data-stack")
    }

    @Test func planningIsReadOnlyAndRepeatable() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let histories = try fixture.histories(store)
        let first = try fixture.plans(store)
        let second = try fixture.plans(try fixture.store())
        #expect(first == second)
        #expect(try fixture.histories(store) == histories)
    }
}

/// The plan's two output formats, written to a buffer.
struct PlanWritersTests {
    @Test func jsonLinesHaveEveryKeyInOrderAndNullsWhereNotApplicable() throws {
        let fixture = try AppFixture()
        let plans = try fixture.plans(try fixture.seeded())
        let output = BufferedOutput()
        let writer = PlanJSONWriter()
        for plan in plans { try writer.write(plan, to: output) }
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == plans.count)
        #expect(output.text.hasSuffix("\n"))
        for (line, plan) in zip(lines, plans) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["campaign", "contact", "stage", "decision", "step", "kind", "content", "at", "reason", "held_by", "score"])
            #expect(object["contact"] as? String == plan.contact.email.value)
            #expect(object["decision"] as? String == plan.decision.name)
            if plan.decision.name == "done" || plan.decision.name == "skip" {
                #expect(object["step"] is NSNull && object["at"] is NSNull && object["kind"] is NSNull)
            }
            #expect(line.hasPrefix("{\"at\":"), "keys are sorted: \(line)")
        }
    }

    @Test func theTableIsAlignedAndEndsWithTheSummary() throws {
        let fixture = try AppFixture()
        let plans = try fixture.plans(try fixture.seeded())
        let table = PlanTableWriter()
        var summary = PlanSummary()
        for plan in plans {
            table.add(plan)
            summary.add(plan.decision, hold: plan.hold)
        }
        let output = BufferedOutput()
        table.finish(to: output)
        let lines = output.text.components(separatedBy: "\n").dropLast()
        #expect(lines.count == plans.count + 3)
        #expect(lines.last == summary.line)
        #expect(lines[lines.count - 2] == "")
        #expect(summary.contacts == 51)
        #expect(summary.byDecision.values.reduce(0, +) == 51)
        #expect(summary.sendsByStep.values.reduce(0, +) == summary.byDecision["send"])
        let header = try #require(lines.first)
        for column in ["STAGE", "DECISION", "STEP", "CONTENT", "AT", "REASON"] {
            let offset = try #require(header.range(of: column)).lowerBound.utf16Offset(in: header)
            for row in lines.dropFirst().prefix(plans.count) {
                let index = row.index(row.startIndex, offsetBy: offset)
                #expect(row[row.index(before: index)] == " " && row[index] != " ", "\(column) misaligned in \(row)")
            }
        }
    }

    @Test func theSummaryLineCountsPerDecisionAndStep() {
        var summary = PlanSummary()
        let send = Decision.Send(step: "thank-you", kind: .thankYou, content: nil, contentKey: "", due: AppFixture.now, trigger: nil, reason: "r")
        summary.add(.send(send))
        summary.add(.send(send))
        summary.add(.done(reason: "customer"))
        summary.add(.skip(reason: "nothing"))
        #expect(summary.line == "4 contacts: 2 send (thank-you 2), 0 wait, 1 done, 1 skip")
        #expect(PlanSummary().line == "0 contacts: 0 send, 0 wait, 0 done, 0 skip")
    }
}
