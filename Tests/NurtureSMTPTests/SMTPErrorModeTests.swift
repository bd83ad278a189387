import NurtureTestSupport
import Foundation
import NurtureCore
import Testing
@testable import NurtureSMTP

/// Each misbehaviour of the test server maps to the right `DeliveryOutcome`.
@Suite(.timeLimit(.minutes(2)))
struct SMTPErrorModeTests {
    private func outcome(mode: String, message: OutgoingMessage = TestMessages.message(1),
                         responseTimeout: Duration = .seconds(10)) async throws -> (DeliveryOutcome, TestSMTPServer) {
        let server = try await TestSMTPServer(mode: mode)
        let configuration = try TestMessages.configuration(server, responseTimeout: responseTimeout)
        return (await TestMessages.sendOne(message, with: configuration), server)
    }

    @Test func greeting421MeansTheRelayIsUnavailable() async throws {
        let (outcome, server) = try await outcome(mode: "greeting421")
        defer { server.stop() }
        guard case let .unavailable(reply) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(reply.hasPrefix("421 4.3.2"))
    }

    @Test func rcpt450IsDeferred() async throws {
        let (outcome, server) = try await outcome(mode: "rcpt450")
        defer { server.stop() }
        #expect(outcome == .deferred(reply: "450 4.2.1 mailbox busy, try later"))
    }

    /// RFC 5321 §4.5.3.1.10: a 552 to RCPT is taken as 452, deferred and retried, not a final failure.
    @Test func rcpt552IsDeferredAs452() async throws {
        let (outcome, server) = try await outcome(mode: "rcpt552")
        defer { server.stop() }
        #expect(outcome == .deferred(reply: "552 5.2.2 mailbox full"))
    }

    @Test func rcpt550UnknownUserBounces() async throws {
        let (outcome, server) = try await outcome(mode: "rcpt550")
        defer { server.stop() }
        #expect(outcome == .bounced(reply: "550 5.1.1 unknown user"))
    }

    @Test func rcptPolicyRejectionIsRefused() async throws {
        let (outcome, server) = try await outcome(mode: "rcpt571")
        defer { server.stop() }
        #expect(outcome == .refused(reply: "550 5.7.1 relaying denied"))
    }

    @Test func mailFromRejectionIsFatal() async throws {
        let (outcome, server) = try await outcome(mode: "mail550")
        defer { server.stop() }
        #expect(outcome == .fatal(reply: "550 5.1.8 sender domain rejected"))
    }

    @Test func data552IsFailed() async throws {
        let (outcome, server) = try await outcome(mode: "data552")
        defer { server.stop() }
        #expect(outcome == .failed(reply: "552 5.3.4 message too big"))
    }

    @Test func droppedMidDataIsDeferred() async throws {
        // 16 MiB: more than loopback socket buffers hold, so the drop happens while libcurl still reads the body.
        let line = Array("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".utf8)
        var bytes = Array("Subject: big\r\n\r\n".utf8)
        bytes.reserveCapacity(16 << 20)
        while bytes.count < 16 << 20 { bytes.append(contentsOf: line) }
        var message = TestMessages.message(1)
        message.bytes = bytes
        let (outcome, server) = try await outcome(mode: "dropdata", message: message)
        defer { server.stop() }
        guard case let .deferred(reply) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(reply.contains("during the message body"))
    }

    @Test func silenceAfterFinalDotIsUnknownWithinTheTimeout() async throws {
        let clock = ContinuousClock()
        let server = try await TestSMTPServer(mode: "silence")
        defer { server.stop() }
        let configuration = try TestMessages.configuration(server, responseTimeout: .seconds(2))
        let sendStart = clock.now
        let outcome = await TestMessages.sendOne(TestMessages.message(1), with: configuration)
        let elapsed = clock.now - sendStart
        guard case let .unknown(reply) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(reply.contains("no reply after the final dot"))
        #expect(elapsed >= .milliseconds(1900))
        #expect(elapsed < .seconds(8), "took \(elapsed)")
    }
}
