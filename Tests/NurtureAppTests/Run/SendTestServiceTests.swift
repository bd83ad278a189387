import Foundation
import NurtureApp
import NurtureCore
import NurtureSMTP
import NurtureTestSupport
import Testing

@Suite(.serialized) struct SendTestServiceTests {
    @Test func sendsOneStepAsTheContactWouldGetItToAnotherAddressWithoutRecordingIt() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let server = try await TestSMTPServer(mode: "plain")
        let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: server.url, connections: 1, addressPolicy: .reservedDomainsAllowed))
        let service = SendTestService(store: fixture.store, composer: fixture.composer, transport: pool)
        let (message, outcome) = try await service.send(
            step: "thank-you", contact: try EmailAddress("ann@a.example", policy: .reservedDomainsAllowed), to: try EmailAddress("marketer@northwind.example", policy: .reservedDomainsAllowed), now: RunFixture.now
        )
        await pool.shutdown()
        guard case .sent = outcome else { Issue.record("not sent: \(outcome)"); return }
        let received = try #require(try server.received().first)
        #expect(received.rcpt_tos == ["marketer@northwind.example"])
        #expect(received.bytes == message.bytes)
        let text = String(decoding: received.bytes, as: UTF8.self)
        #expect(text.contains("Subject: [test] "))
        #expect(text.contains("To: marketer@northwind.example"))
        #expect(text.contains("Hi Person0"))
        #expect(try fixture.ledger().isEmpty)
    }

    @Test func aTestSendDoesNotDependOnWhatTheLedgerHolds() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let server = try await TestSMTPServer(mode: "plain")
        #expect(try await fixture.run(url: server.url).sent == 1)
        let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: server.url, connections: 1, addressPolicy: .reservedDomainsAllowed))
        let service = SendTestService(store: fixture.store, composer: fixture.composer, transport: pool)
        let (message, outcome) = try await service.send(
            step: "thank-you", contact: try EmailAddress("ann@a.example", policy: .reservedDomainsAllowed), to: try EmailAddress("qa@northwind.example", policy: .reservedDomainsAllowed), now: RunFixture.now
        )
        await pool.shutdown()
        #expect(outcome == .sent(reply: outcome.reply))
        #expect(message.send.content == "ebook-modern-data-stack")
        #expect(try fixture.ledger().count == 1)
    }

    @Test func aStepThatCannotApplyToTheContactIsAClearError() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:9", connections: 1, addressPolicy: .reservedDomainsAllowed))
        let service = SendTestService(store: fixture.store, composer: fixture.composer, transport: pool)
        do {
            _ = try await service.send(step: "demo-offer", contact: try EmailAddress("ann@a.example", policy: .reservedDomainsAllowed), to: try EmailAddress("m@n.example", policy: .reservedDomainsAllowed), now: RunFixture.now)
            Issue.record("a demo offer must not be built for a lead")
        } catch {
            #expect("\(error)".contains("step 'demo-offer' does not apply to ann@a.example: for stages prospect, contact is lead"))
        }
        await pool.shutdown()
    }
}
