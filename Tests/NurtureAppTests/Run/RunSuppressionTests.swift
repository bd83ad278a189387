import Foundation
import NurtureApp
import NurtureCore
import NurtureStore
import NurtureTestSupport
import Testing

/// A run against a real SMTP server and SQLite file: an unsubscribe from the campaign between a deferral
/// and its retry cancels the retry; one from another campaign does not.
@Suite(.serialized) struct RunSuppressionTests {
    static let ann = Fixtures.address("ann@a.example")

    func deferThenUnsubscribe(from campaign: String) async throws -> (RunFixture, TestSMTPServer) {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let refusing = try await TestSMTPServer(mode: "rcpt450")
        #expect(try await fixture.run(url: refusing.url).deferred == 1)
        #expect(try fixture.store.suppress(Suppression(
            email: Self.ann, campaign: campaign, cause: .unsubscribed, detail: "one-click unsubscribe",
            at: RunFixture.now.addingTimeInterval(60))))
        let server = try await TestSMTPServer(mode: "plain")
        _ = try await fixture.run(url: server.url, at: RunFixture.now.addingTimeInterval(3600))
        return (fixture, server)
    }

    @Test func aRetryIsCancelledWhenTheContactUnsubscribedFromItsCampaignMeanwhile() async throws {
        let (fixture, server) = try await deferThenUnsubscribe(from: "lead-nurture")
        #expect(try server.received().isEmpty)
        let entry = try #require(try fixture.ledger().first)
        #expect(entry.state == .failed)
        #expect(entry.lastReply == "not sent: unsubscribed from this campaign on 2026-11-23 09:01 UTC: stop emailing")
    }

    @Test func anUnsubscribeFromAnotherCampaignLetsTheRetryGo() async throws {
        let (fixture, server) = try await deferThenUnsubscribe(from: "webinar-drip")
        #expect(try server.received().count == 1)
        #expect(try fixture.ledger().first?.state == .sent)
    }
}
