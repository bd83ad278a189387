import Foundation
import NurtureCore
import NurtureTestSupport
import Testing
@testable import NurtureApp

/// Pages are claimed one ahead of the page being sent: what a run that stops leaves of the page it claimed
/// ahead, and what the `--limit` claims. A real store file and aiosmtpd on loopback.
@Suite(.timeLimit(.minutes(1))) struct RunClaimAheadTests {
    private static let contacts = (1...12).map { "person\($0)@ahead.example" }

    /// A relay refusing the password stops the run at its first message: the next page, claimed meanwhile,
    /// stays `pending` with the rest of the first, counted still due; the next run sends every message once.
    @Test func aStoppedRunLeavesThePageClaimedAheadPendingForTheNext() async throws {
        let fixture = try RunFixture(contacts: Self.contacts)
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "s3cret"])
        let stopped = try await fixture.run(url: server.url, connections: 1, user: "nurture", password: "wrong", pageSize: 4)
        #expect(stopped.fatal?.contains("535") == true)
        let ledger = try fixture.ledger()
        #expect(ledger.count == 8, "the first page and the one claimed ahead: \(ledger.count)")
        #expect(ledger.allSatisfy { $0.state == .pending && $0.attempts == 0 })
        #expect(stopped.stillDue == 7)
        #expect(!stopped.complete)

        let rest = try await fixture.run(url: server.url, connections: 1, user: "nurture", password: "s3cret", pageSize: 4)
        #expect(rest.resumed == 8)
        #expect(rest.sent == 12)
        let recipients = try server.received().flatMap(\.rcpt_tos)
        #expect(recipients.sorted() == Self.contacts.sorted())
    }

    /// The first page is small and each page after it twice the one before: a run stopped at its first message
    /// has claimed the first page and the one after it, 32 and 64 contacts' messages of 100, whatever the full
    /// page size; the next run sends every message once.
    @Test func pagesGrowFromASmallFirstOne() async throws {
        let contacts = (1...100).map { "person\($0)@grow.example" }
        let fixture = try RunFixture(contacts: contacts)
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "s3cret"])
        let stopped = try await fixture.run(url: server.url, connections: 1, user: "nurture", password: "wrong")
        #expect(stopped.fatal?.contains("535") == true)
        #expect(RunService.firstPageSize == 32)
        #expect(try fixture.ledger().count == 32 + 64)
        let rest = try await fixture.run(url: server.url, connections: 1, user: "nurture", password: "s3cret")
        #expect(rest.resumed == 96)
        #expect(rest.sent == 100)
        #expect(try server.received().flatMap(\.rcpt_tos).sorted() == contacts.sorted())
    }

    /// The `--limit` counts across pages claimed ahead: no more than it allows is claimed or sent.
    @Test func theLimitHoldsAcrossPagesClaimedAhead() async throws {
        let fixture = try RunFixture(contacts: Self.contacts)
        let server = try await TestSMTPServer(mode: "plain")
        let limited = try await fixture.run(url: server.url, connections: 2, limit: 6, pageSize: 4)
        #expect(limited.sent == 6)
        #expect(limited.reachedLimit)
        #expect(try fixture.ledger().count == 6)
        #expect(try server.received().count == 6)
    }
}
