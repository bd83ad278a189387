import NurtureTestSupport
import Foundation
import NurtureCore
import Testing
@testable import NurtureSMTP

/// International addresses at the real test server: domains go out as A-labels, and a non-ASCII local part
/// only to a relay whose EHLO offers SMTPUTF8 (otherwise the message is deferred, never sent mangled).
@Suite(.timeLimit(.minutes(2)))
struct SMTPInternationalAddressTests {
    static func message(to recipient: String, from sender: String = "news@sender.example") throws -> OutgoingMessage {
        let to = try EmailAddress(recipient, policy: .reservedDomainsAllowed)
        let from = try EmailAddress(sender, policy: .reservedDomainsAllowed)
        // RFC 6532 headers, as MessageBuilder writes them for such addresses.
        let text = "From: \(from.requiresSMTPUTF8 ? from.value : from.envelope)\r\nTo: \(to.requiresSMTPUTF8 ? to.value : to.envelope)\r\nSubject: hello\r\n\r\nHello.\r\n"
        return OutgoingMessage(ledgerID: 1, envelope: Envelope(mailFrom: from, recipient: to), bytes: Array(text.utf8))
    }

    @Test func anInternationalDomainIsSentAsALabels() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let outcome = await TestMessages.sendOne(try Self.message(to: "Ada@Bücher.de", from: "news@bücher。example"),
                                                 with: try TestMessages.configuration(server))
        guard case .sent = outcome else { Issue.record("got \(outcome)"); return }
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].rcpt_tos == ["Ada@xn--bcher-kva.de"])
        #expect(received[0].mail_from == "news@xn--bcher-kva.example")
        #expect(received[0].mail_options == [])
    }

    @Test func aNonASCIILocalPartIsDeferredWhenTheRelayDoesNotOfferSMTPUTF8() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let outcome = await TestMessages.sendOne(try Self.message(to: "jürgen@bücher.de"), with: try TestMessages.configuration(server))
        #expect(outcome == .deferred(reply: "not sent: the recipient address 'jürgen@bücher.de' has a non-ASCII local part and the relay does not offer SMTPUTF8 (RFC 6531)"))
        #expect(try server.received().isEmpty)
        // The connection was opened to read the EHLO reply, and nothing more.
        #expect(server.sessionCount() == 1)
    }

    @Test func aNonASCIILocalPartIsSentWhenTheRelayOffersSMTPUTF8() async throws {
        let server = try await TestSMTPServer(mode: "smtputf8")
        defer { server.stop() }
        let configuration = try TestMessages.configuration(server)
        let pool = SMTPConnectionPool(configuration: configuration)
        let first = await pool.send(try Self.message(to: "jürgen@bücher.de"))
        let second = await pool.send(try Self.message(to: "ada@bücher.de"))
        let third = await pool.send(try Self.message(to: "zoë@bücher.de"))
        await pool.shutdown()
        for outcome in [first, second, third] {
            guard case .sent = outcome else { Issue.record("got \(outcome)"); return }
        }
        let received = try server.received()
        try #require(received.count == 3)
        #expect(received.map(\.rcpt_tos) == [["jürgen@xn--bcher-kva.de"], ["ada@xn--bcher-kva.de"], ["zoë@xn--bcher-kva.de"]])
        #expect(received[0].mail_options == ["SMTPUTF8"])
        #expect(received[1].mail_options == [])
        // One connection for all three: the probe's connection is the one the messages use.
        #expect(Set(received.map(\.session)) == [1])
        #expect(server.sessionCount() == 1)
        #expect(String(decoding: received[0].bytes, as: UTF8.self).contains("To: jürgen@bücher.de\r\n"))
    }

    /// An ASCII message opens the connection first: its EHLO already says SMTPUTF8 is offered, so the
    /// UTF-8 address after it goes out on the same connection, without a probe.
    @Test func aNonASCIILocalPartAfterAnASCIIMessageUsesWhatTheFirstEHLOSaid() async throws {
        let server = try await TestSMTPServer(mode: "smtputf8")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        let first = await pool.send(try Self.message(to: "ada@bücher.de"))
        let second = await pool.send(try Self.message(to: "jürgen@bücher.de"))
        await pool.shutdown()
        for outcome in [first, second] {
            guard case .sent = outcome else { Issue.record("got \(outcome)"); return }
        }
        let received = try server.received()
        try #require(received.count == 2)
        #expect(received[1].rcpt_tos == ["jürgen@xn--bcher-kva.de"])
        #expect(received[1].mail_options == ["SMTPUTF8"])
        #expect(server.sessionCount() == 1)
    }

    @Test func theEnvelopeIsCheckedAgainAgainstTheRelaysPolicy() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        var configuration = try TestMessages.configuration(server)
        configuration.addressPolicy = .standard
        let outcome = await TestMessages.sendOne(try Self.message(to: "ada@recipient.example"), with: configuration)
        guard case let .failed(reply) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(reply.contains("refused before sending") && reply.contains("reserved for documentation and tests"), "\(reply)")
        #expect(server.sessionCount() == 0)
    }
}
