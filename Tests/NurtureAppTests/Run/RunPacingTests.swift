import Foundation
import NurtureApp
import NurtureCore
import NurtureSMTP
import NurtureStore
import NurtureTestSupport
import Testing

/// Relay pacing against aiosmtpd on loopback made to throttle above 4 recipients a second.
@Suite(.serialized) struct RunPacingTests {
    /// A clock that starts at `start` and moves with real time: the pacer needs time to pass.
    static func movingClock(from start: Date) -> @Sendable () -> Date {
        let origin = ContinuousClock.now
        return {
            let elapsed = ContinuousClock.now - origin
            return start.addingTimeInterval(TimeInterval(elapsed.components.seconds) + TimeInterval(elapsed.components.attoseconds) / 1e18)
        }
    }

    func run(_ fixture: RunFixture, url: String, at start: Date) async throws -> RunSummary {
        let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: url, connectTimeout: .seconds(5), responseTimeout: .seconds(5), connections: 4, addressPolicy: .reservedDomainsAllowed))
        let service = RunService(store: fixture.store, composer: fixture.composer, transport: pool,
                                 options: RunOptions(connections: 4), clock: Self.movingClock(from: start))
        defer { Task { await pool.shutdown() } }
        let summary = try await service.run()
        await pool.shutdown()
        return summary
    }

    @Test(arguments: ["throttle421", "throttle451", "throttle454"])
    func aThrottlingRelaySlowsTheRunDownAndNothingIsLostOrSentTwice(mode: String) async throws {
        let contacts = (1...16).map { "t\($0)@throttle.example" }
        let fixture = try RunFixture(contacts: contacts)
        let server = try await TestSMTPServer(mode: mode)
        let first = try await run(fixture, url: server.url, at: RunFixture.now)
        #expect(first.throttles > 0, "\(first)")
        let rate = try #require(first.finalRate, "throttling sets a rate")
        #expect(rate < 16, "the rate dropped: \(rate)")
        #expect(first.retriedThisRun > 0)
        #expect(first.fatal == nil)
        #expect(first.sent + first.deferred == contacts.count, "\(first.line)")
        #expect(first.complete == (first.deferred == 0))
        if first.deferred > 0 { #expect(first.pacingLines.contains { $0.hasPrefix("incomplete:") }) }

        // Later (the retries are due), everything still due goes, once.
        let second = try await run(fixture, url: server.url, at: RunFixture.now.addingTimeInterval(6 * 3600))
        #expect(first.sent + second.sent == contacts.count, "\(first.line) / \(second.line)")
        let received = try server.received().flatMap(\.rcpt_tos)
        #expect(received.count == contacts.count, "each contact received exactly one message")
        #expect(Set(received) == Set(contacts))
        let states = try fixture.ledger().map(\.state)
        #expect(states.allSatisfy { $0 == .sent }, "\(states)")
        // Retries kept the Message-ID: one per contact across both runs.
        let ids = try server.received().compactMap { message in
            String(decoding: message.bytes, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID:") }
        }
        #expect(Set(ids).count == contacts.count)
    }

    @Test func aRecipientDomainGetsItsRateAndConnectionsWhileOthersGoOnAtFullSpeed() async throws {
        let slow = (1...5).map { "s\($0)@slow.example" }
        let fast = (1...8).map { "f\($0)@fast.example" }
        let fixture = try RunFixture(contacts: slow + fast)
        var campaign = fixture.composer.campaign
        campaign.pacing.domains = ["slow.example": DomainLimits(rate: 2, maxConnections: 1)]
        let composer = MessageComposer(campaign: campaign, templates: fixture.composer.templates)
        let server = try await TestSMTPServer(mode: "plain")
        let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: server.url, connections: 4, addressPolicy: .reservedDomainsAllowed))
        let service = RunService(store: fixture.store, composer: composer, transport: pool, options: RunOptions(connections: 4),
                                 clock: Self.movingClock(from: RunFixture.now))
        let summary = try await service.run()
        await pool.shutdown()
        #expect(summary.sent == 13)
        let received = try server.received()
        let slowTimes = received.filter { $0.rcpt_tos.first?.hasSuffix("@slow.example") == true }.compactMap(\.at).sorted()
        let fastTimes = received.filter { $0.rcpt_tos.first?.hasSuffix("@fast.example") == true }.compactMap(\.at).sorted()
        #expect(slowTimes.count == 5 && fastTimes.count == 8)
        // 2 a second: consecutive arrivals at least ~0.5 s apart (a little slack for the transaction's own time).
        for (a, b) in zip(slowTimes, slowTimes.dropFirst()) { #expect(b - a >= 0.4, "slow.example arrivals \(slowTimes)") }
        // The other domain is not held behind it: all of fast.example is in before slow.example is done.
        let lastFast = try #require(fastTimes.last), lastSlow = try #require(slowTimes.last)
        #expect(lastFast < lastSlow, "fast \(fastTimes) slow \(slowTimes)")
        #expect(summary.domainLines.count == 1)
        #expect(summary.domainLines.first?.hasPrefix("slow.example: 5 messages at ") == true, "\(summary.domainLines)")
        #expect(summary.pacingLines.contains { $0.hasPrefix("per-domain limits: slow.example") })
    }

    @Test func aRelayDailyCapStopsTheRunAndAResumedRunKeepsCounting() async throws {
        let fixture = try RunFixture(contacts: (1...6).map { "cap\($0)@cap.example" })
        let server = try await TestSMTPServer(mode: "plain")
        var campaign = fixture.composer.campaign
        campaign.pacing.relay.dailyCap = 4
        let capped = MessageComposer(campaign: campaign, templates: fixture.composer.templates)
        func once(_ at: Date) async throws -> RunSummary {
            let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: server.url, connections: 2, addressPolicy: .reservedDomainsAllowed))
            let service = RunService(store: fixture.store, composer: capped, transport: pool, options: RunOptions(connections: 2),
                                     clock: Self.movingClock(from: at))
            let summary = try await service.run()
            await pool.shutdown()
            return summary
        }
        let first = try await once(RunFixture.now)
        #expect(first.sent == 4)
        #expect(first.relayHold?.rule == .relayDailyCap)
        #expect(first.relayHold?.reason == "waiting: relay daily cap 4 reached; next slot tomorrow 00:00 UTC")
        #expect(!first.complete)
        // A restart the same day: the persisted count still says 4.
        let again = try await once(RunFixture.now.addingTimeInterval(600))
        #expect(again.sent == 0)
        #expect(again.relayHold != nil)
        // The next UTC day the rest goes.
        let tomorrow = try await once(TestTime.at("2026-11-24T09:00:00Z"))
        #expect(tomorrow.sent == 2)
        #expect(try server.received().count == 6)
        #expect(try fixture.store.relayUsage(senders: ["northwind-analytics.example"], at: TestTime.at("2026-11-24T10:00:00Z")).day == 2)
    }
}
