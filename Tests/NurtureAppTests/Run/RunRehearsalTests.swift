import Foundation
import NurtureApp
import NurtureCore
import Testing

/// The rehearsal behind `run --dry-run` and `preview` over a real store.
struct RunRehearsalTests {
    /// A dry run prints as it goes and keeps nothing per message (its memory stays flat however many are
    /// due); the messages come in plan order, composed ahead on the planning's slices exactly as they would be here.
    @Test func messagesComeInPlanOrderAndNothingIsKeptWhenEachKeepsNothing() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let composer = try fixture.composer()
        var planning = try fixture.planning(store)
        planning.batchSize = 7
        var seen: [String] = []
        let report = try RunRehearsal(planning: planning, composer: composer).run(now: AppFixture.now, only: nil, limit: nil) { message, number in
            #expect(number == seen.count + 1)
            let again = try composer.compose(message.send, for: try #require(try fixture.histories(store).first { $0.contact.email == message.contact.email }), date: AppFixture.now)
            #expect(again.bytes == message.bytes)
            seen.append(message.contact.email.value)
            return nil
        }
        let sends = try fixture.plans(store).filter { if case .send = $0.decision { true } else { false } }
        #expect(report.rendered == sends.count && report.rendered > 5)
        #expect(seen == sends.map(\.contact.email.value))
        #expect(report.written.isEmpty)
    }

    /// With a limit, only as many messages as it allows are composed and handed on.
    @Test func aLimitStopsTheMessages() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let report = try RunRehearsal(planning: try fixture.planning(store), composer: try fixture.composer())
            .run(now: AppFixture.now, only: nil, limit: 3) { message, _ in message.messageID }
        #expect(report.rendered == 3 && report.written.count == 3)
    }
}
