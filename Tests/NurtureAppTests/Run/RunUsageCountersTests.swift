import Foundation
import NurtureCore
import NurtureSMTP
import NurtureTestSupport
import Synchronization
import Testing
@testable import NurtureApp

/// The relay's counters a run keeps are per UTC hour and day: a run whose clock crosses an hour counts each message
/// in the hour it was handed over, not all in the hour the run began. A real store file and aiosmtpd on loopback.
@Suite(.timeLimit(.minutes(1))) struct RunUsageCountersTests {
    @Test func aRunAcrossAnHourCountsEachMessageInItsOwnHour() async throws {
        let contacts = (1...12).map { "person\($0)@hours.example" }
        let fixture = try RunFixture(contacts: contacts)
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        // Twenty seconds a reading, from 09:54 (the run reads the clock about 30 times): its admissions cross 10:00.
        let ticks = Mutex(0)
        let start = TestTime.at("2026-11-23T09:54:00Z")
        let clock: @Sendable () -> Date = { start.addingTimeInterval(20 * Double(ticks.withLock { $0 += 1; return $0 })) }
        let (_, pool) = try fixture.service(url: server.url, connections: 1)
        let service = RunService(store: fixture.store, composer: fixture.composer, transport: pool, options: RunOptions(connections: 1), clock: clock)
        let summary = try await service.run()
        await pool.shutdown()
        #expect(summary.sent == 12, "\(ticks.withLock { $0 }) readings")
        let sender = ["northwind-analytics.example"]
        let nine = try fixture.store.relayUsage(senders: sender, at: TestTime.at("2026-11-23T09:30:00Z"))
        let ten = try fixture.store.relayUsage(senders: sender, at: TestTime.at("2026-11-23T10:30:00Z"))
        #expect(nine.hour > 0 && ten.hour > 0, "\(ticks.withLock { $0 }) readings; 09h: \(nine.hour), 10h: \(ten.hour)")
        #expect(nine.hour + ten.hour == 12)
        #expect(ten.day == 12)
        #expect(ten.senders["northwind-analytics.example"]?.today == 12)
    }
}
