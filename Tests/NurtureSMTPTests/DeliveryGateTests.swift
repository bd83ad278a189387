import Foundation
import NurtureCore
import NurtureTestSupport
import Testing
@testable import NurtureSMTP

/// A message's gate against a real aiosmtpd server on loopback: the envelope and the body go out while it is
/// shut, the end of the data does not.
@Suite(.timeLimit(.minutes(2)))
struct DeliveryGateTests {
    /// A gate the test opens or refuses; it tells when the transport first waited on it.
    final class TestGate: DeliveryGate, @unchecked Sendable {
        private let condition = NSCondition()
        private var decision: Bool?
        private var asked = false

        func waitUntilOpen() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            asked = true
            condition.broadcast()
            while decision == nil { condition.wait() }
            return decision!
        }

        func decide(_ open: Bool) {
            condition.lock()
            decision = open
            condition.broadcast()
            condition.unlock()
        }

        var wasAsked: Bool {
            condition.lock()
            defer { condition.unlock() }
            return asked
        }

        /// Whether the transport waited within `seconds` (polled: the test's own thread is not blocked).
        func waitUntilAsked(seconds: Double) async throws -> Bool {
            for _ in 0..<Int(seconds * 100) where !wasAsked {
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            return wasAsked
        }
    }

    @Test func theEndOfTheDataWaitsForTheGate() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        let gate = TestGate()
        var message = TestMessages.message(1)
        message.gate = gate
        let sending = Task { [message] in await pool.send(message) }

        #expect(try await gate.waitUntilAsked(seconds: 20), "the transport never reached the end of the data")
        // The server has had the envelope and the body, but not the final dot: it has no message.
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(try server.received().isEmpty)

        gate.decide(true)
        let outcome = await sending.value
        #expect(outcome.deliveryState == .sent, "\(outcome)")
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].bytes == message.bytes)
        await pool.shutdown()
    }

    @Test func aShutGateAbandonsTheTransactionAndTheConnectionRecovers() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        let gate = TestGate()
        gate.decide(false)
        var refused = TestMessages.message(2)
        refused.gate = gate
        let outcome = await pool.send(refused)
        guard case let .fatal(reply) = outcome else { Issue.record("expected fatal, got \(outcome)"); return }
        #expect(reply == SMTPConnection.gateRefusedReply)
        #expect(try server.received().isEmpty)

        // The next message goes out on a fresh connection, whole.
        let next = TestMessages.message(3)
        #expect(await pool.send(next).deliveryState == .sent)
        let received = try server.received()
        #expect(received.map(\.bytes) == [next.bytes])
        await pool.shutdown()
    }
}
