import Foundation
import NurtureApp
import NurtureCore
import NurtureSMTP
import NurtureStore
import NurtureTestSupport
import Testing

/// `nurture run` against a real SMTP server (aiosmtpd on loopback) and a real SQLite file: every
/// server behaviour, with the ledger checked afterwards and the bytes on the wire compared with
/// what the builder made.
@Suite(.serialized) struct RunServiceTests {
    @Test func plainDeliveryRecordsEveryMessageAndPutsTheBuilderBytesOnTheWire() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example", "cem@c.example"])
        let expected = try fixture.expectedMessages()
        let server = try await TestSMTPServer(mode: "plain")
        let summary = try await fixture.run(url: server.url)
        #expect(summary.sent == 3)
        #expect(summary.exitStatus == 0)

        let received = try server.received()
        #expect(received.count == 3)
        for message in received {
            let recipient = try #require(message.rcpt_tos.first)
            #expect(message.bytes == expected[recipient], "bytes for \(recipient) differ from the builder's")
            #expect(message.mail_from == "maya@northwind-analytics.example")
        }
        let ledger = try fixture.ledger()
        #expect(ledger.count == 3)
        #expect(ledger.allSatisfy { $0.state == .sent && $0.attempts == 1 && $0.sentAt == RunFixture.now && $0.step == "thank-you" })
        #expect(ledger.allSatisfy { $0.lastReply?.hasPrefix("250") == true })
    }

    @Test func aSecondRunWithTheSameClockSendsNothingTwice() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example"])
        let server = try await TestSMTPServer(mode: "plain")
        #expect(try await fixture.run(url: server.url).sent == 2)
        let again = try await fixture.run(url: server.url)
        #expect(again.attempted == 0)
        #expect(try server.received().count == 2)
        #expect(try fixture.ledger().count == 2)
    }

    @Test func startTLSDelivery() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let expected = try fixture.expectedMessages()
        let server = try await TestSMTPServer(mode: "starttls")
        #expect(try await fixture.run(url: server.url).sent == 1)
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.tls == true)
        #expect(received.first?.bytes == expected["ann@a.example"])
        #expect(try fixture.ledger(.init([.sent])).count == 1)
    }

    @Test func authPlainWithTheRightPassword() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example"])
        let expected = try fixture.expectedMessages()
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "s3cret"])
        let summary = try await fixture.run(url: server.url, user: "nurture", password: "s3cret")
        #expect(summary.sent == 2)
        let received = try server.received()
        #expect(received.count == 2)
        for message in received { #expect(message.bytes == expected[message.rcpt_tos.first ?? ""]) }
    }

    @Test func authFailureStopsTheRunAndMarksNobody() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example", "cem@c.example"])
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "s3cret"])
        let summary = try await fixture.run(url: server.url, connections: 1, user: "nurture", password: "wrong-password")
        let fatal = try #require(summary.fatal)
        #expect(fatal.contains("535"))
        #expect(!fatal.contains("wrong-password"))
        #expect(summary.exitStatus == 1)
        #expect(summary.sent == 0 && summary.bounced == 0)
        #expect(try server.received().isEmpty)
        // Nothing bounced, nobody suppressed; every message waits, pending, for a run with the right password.
        let ledger = try fixture.ledger()
        #expect(ledger.allSatisfy { $0.state == .pending })
        #expect(!ledger.contains { $0.lastReply?.contains("wrong-password") == true })
        let retry = try await fixture.run(url: server.url, connections: 1, user: "nurture", password: "s3cret")
        #expect(retry.sent == 3)
        #expect(try server.received().count == 3)
    }

    @Test func manyMessagesOverReusedConnections() async throws {
        let contacts = (1...40).map { "person\($0)@many.example" }
        let fixture = try RunFixture(contacts: contacts)
        let expected = try fixture.expectedMessages()
        let server = try await TestSMTPServer(mode: "plain")
        let summary = try await fixture.run(url: server.url, connections: 2)
        #expect(summary.sent == 40)
        let received = try server.received()
        #expect(received.count == 40)
        for message in received { #expect(message.bytes == expected[message.rcpt_tos.first ?? ""]) }
        #expect(Set(received.flatMap(\.rcpt_tos)) == Set(contacts))
        #expect(server.sessionCount() == 2)
        #expect(try fixture.ledger([.sent]).count == 40)
    }

    @Test func anUnavailableRelayStopsTheRunAndLosesNothing() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example", "cem@c.example"])
        let down = try await TestSMTPServer(mode: "greeting421")
        let summary = try await fixture.run(url: down.url, connections: 1)
        #expect(summary.fatal?.contains("unavailable") == true)
        #expect(summary.fatal?.contains("421") == true)
        #expect(summary.exitStatus == 1)
        #expect(summary.attempted == 0)
        // Nothing is charged to the messages: all pending, no attempt counted, nothing failed.
        let ledger = try fixture.ledger()
        #expect(ledger.count == 3)
        #expect(ledger.allSatisfy { $0.state == .pending && $0.attempts == 0 })

        let up = try await TestSMTPServer(mode: "plain")
        #expect(try await fixture.run(url: up.url).sent == 3)
    }

    @Test func deferralsGiveUpByAgeNotOnlyByCount() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let busy = try await TestSMTPServer(mode: "rcpt450")
        #expect(try await fixture.run(url: busy.url).deferred == 1)
        let entry = try #require(try fixture.ledger().first)
        let next = try #require(entry.nextAttemptAt)
        #expect(next > RunFixture.now.addingTimeInterval(3 * 60) && next < RunFixture.now.addingTimeInterval(7 * 60))
        // Four days later the retry is due, and refused again: past the three-day limit, it gives up.
        let late = try await fixture.run(url: busy.url, at: RunFixture.now.addingTimeInterval(4 * 86_400))
        #expect(late.failed == 1)
        let given = try #require(try fixture.ledger().first)
        #expect(given.state == .failed && given.attempts == 2)
        #expect(given.lastReply?.hasPrefix("gave up after 2 attempts: 450") == true)
    }

    @Test func deferredMessagesAreRetriedWithTheSameMessageIDOnceDue() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let refusing = try await TestSMTPServer(mode: "rcpt450")
        #expect(try await fixture.run(url: refusing.url).deferred == 1)
        let first = try #require(try fixture.ledger().first)

        let server = try await TestSMTPServer(mode: "plain")
        // Not due yet: nothing is sent.
        #expect(try await fixture.run(url: server.url, at: RunFixture.now.addingTimeInterval(60)).attempted == 0)
        // Due: sent, with the Message-ID and Date of the first attempt.
        let later = RunFixture.now.addingTimeInterval(3600)
        let summary = try await fixture.run(url: server.url, at: later)
        #expect(summary.sent == 1)
        #expect(summary.resumed == 1)
        let received = try #require(try server.received().first)
        let text = String(decoding: received.bytes, as: UTF8.self)
        #expect(text.contains("Message-ID: \(first.messageID ?? "?")"))
        #expect(text.contains("Date: Mon, 23 Nov 2026 09:00:00 +0000"))
        let entry = try #require(try fixture.ledger().first)
        #expect(entry.state == .sent && entry.attempts == 2 && entry.id == first.id)
    }

    @Test func unknownUserBouncesAndIsSuppressedForGood() async throws {
        let fixture = try RunFixture(contacts: ["bounce-me@a.example", "ann@a.example", "defer-me@a.example"])
        let server = try await TestSMTPServer(mode: "mixed")
        let summary = try await fixture.run(url: server.url)
        #expect(summary.sent == 1 && summary.bounced == 1 && summary.deferred == 1)
        #expect(summary.exitStatus == 3)
        let ledger = try fixture.ledger()
        #expect(ledger.first { $0.email.value == "bounce-me@a.example" }?.state == .bounced)
        #expect(ledger.first { $0.email.value == "defer-me@a.example" }?.state == .deferred)
        let history = try #require(try fixture.store.historyPage(campaign: "lead-nurture", only: try EmailAddress("bounce-me@a.example", policy: .reservedDomainsAllowed), after: nil, limit: 1).first)
        #expect(history.suppressed)
        let decision = Planner(campaign: fixture.loaded.campaign).decide(history, now: RunFixture.now.addingTimeInterval(30 * 86_400))
        #expect(decision.name == "done")
    }

    @Test func policyRejectionFailsThatMessageAndStopsTheRunWithoutBouncing() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example"])
        let server = try await TestSMTPServer(mode: "rcpt571")
        let summary = try await fixture.run(url: server.url, connections: 1)
        #expect(summary.fatal?.contains("5.7.1") == true)
        #expect(summary.bounced == 0 && summary.failed == 1)
        let ledger = try fixture.ledger()
        #expect(ledger.filter { $0.state == .failed }.count == 1)
        #expect(ledger.filter { $0.state == .pending }.count == 1)
        // The refused message does not block the next run: it is not retried.
        let plain = try await TestSMTPServer(mode: "plain")
        let next = try await fixture.run(url: plain.url, connections: 1)
        #expect(next.sent == 1)
        #expect(try plain.received().count == 1)
    }

    @Test func rejectionAfterTheBodyFailsWithoutSuppression() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let server = try await TestSMTPServer(mode: "data552")
        let summary = try await fixture.run(url: server.url)
        #expect(summary.failed == 1)
        #expect(summary.exitStatus == 3)
        let entry = try #require(try fixture.ledger().first)
        #expect(entry.state == .failed)
        #expect(entry.lastReply?.contains("552") == true)
        let history = try #require(try fixture.store.historyPage(campaign: "lead-nurture", only: entry.email, after: nil, limit: 1).first)
        #expect(!history.suppressed)
        // Not retried.
        let plain = try await TestSMTPServer(mode: "plain")
        #expect(try await fixture.run(url: plain.url, at: RunFixture.now.addingTimeInterval(86_400)).resumed == 0)
    }

    /// The message (4 MB) is far larger than the socket buffers, so the server's drop after 64 KiB comes
    /// while the body is still being handed over: nothing was delivered, and the message is retried.
    @Test func connectionDroppedMidBodyIsDeferred() async throws {
        let notes = String(repeating: "A long note that makes the message larger than the server accepts. ", count: 60_000)
        let fixture = try RunFixture(contacts: ["ann@a.example"], customColumns: ["notes": notes], notesInThankYou: true)
        let server = try await TestSMTPServer(mode: "dropdata")
        let summary = try await fixture.run(url: server.url)
        #expect(summary.deferred == 1)
        #expect(try fixture.ledger().first?.state == .deferred)
    }

    @Test func silenceAfterTheFinalDotIsUnknownAndNeverResent() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let server = try await TestSMTPServer(mode: "silence")
        let summary = try await fixture.run(url: server.url, responseTimeout: .seconds(1))
        #expect(summary.unknown == 1)
        #expect(summary.exitStatus == 3)
        let entry = try #require(try fixture.ledger([.unknown]).first)

        let plain = try await TestSMTPServer(mode: "plain")
        #expect(try await fixture.run(url: plain.url, at: RunFixture.now.addingTimeInterval(86_400)).attempted == 0)
        #expect(try plain.received().isEmpty)

        let resolved = try fixture.store.resolve(id: entry.id, as: .sent, note: "seen in the relay log", at: RunFixture.now)
        #expect(resolved.state == .sent)
        #expect(try fixture.ledger([.unknown]).isEmpty)
    }

    /// A relay that goes silent after the final dot: the first unknown stops the run (each further message
    /// would cost the timeout and end unknown too), the rest stays queued and goes once the relay answers.
    @Test func theFirstUnknownStopsTheRunAndTheRestStaysQueued() async throws {
        let fixture = try RunFixture(contacts: (1...6).map { "q\($0)@q.example" })
        let server = try await TestSMTPServer(mode: "silence")
        let summary = try await fixture.run(url: server.url, connections: 1, responseTimeout: .seconds(1))
        #expect(summary.unknown == 1)
        #expect(summary.stoppedAfterUnknown != nil)
        #expect(summary.exitStatus == 3)
        #expect(!summary.complete)
        #expect(try fixture.ledger([.unknown]).count == 1)

        let plain = try await TestSMTPServer(mode: "plain")
        let rest = try await fixture.run(url: plain.url, at: RunFixture.now.addingTimeInterval(600))
        #expect(rest.sent == 5)
        #expect(try plain.received().count == 5)
    }

    @Test func limitStopsAfterNMessagesAndTheRestGoNextRun() async throws {
        let fixture = try RunFixture(contacts: (1...5).map { "p\($0)@l.example" })
        let server = try await TestSMTPServer(mode: "plain")
        let first = try await fixture.run(url: server.url, connections: 2, limit: 3)
        #expect(first.sent == 3)
        #expect(first.reachedLimit)
        let second = try await fixture.run(url: server.url, connections: 2)
        #expect(second.sent == 2)
        #expect(Set(try server.received().flatMap(\.rcpt_tos)).count == 5)
    }

    @Test func runningForAContactTheStoreDoesNotHaveIsAnError() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let server = try await TestSMTPServer(mode: "plain")
        let pool = SMTPConnectionPool(configuration: try SMTPConfiguration(url: server.url, connections: 1, addressPolicy: .reservedDomainsAllowed))
        let service = RunService(store: fixture.store, composer: fixture.composer, transport: pool,
                                 options: RunOptions(only: try EmailAddress("nobody@a.example", policy: .reservedDomainsAllowed)), clock: { RunFixture.now })
        await #expect(throws: NurtureError("no contact nobody@a.example in the store")) { try await service.run() }
        await pool.shutdown()
        #expect(try fixture.ledger().isEmpty)
    }

    @Test func aSecondRunWhileOneHoldsTheLockRefusesToStart() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let lock = try fixture.store.lockRun()
        defer { lock.release() }
        let server = try await TestSMTPServer(mode: "plain")
        await #expect(throws: RunLockError.self) { try await fixture.run(url: server.url) }
        #expect(try server.received().isEmpty)
    }

    /// A related-content email left pending (a crashed run) is not sent once the contact downloaded that
    /// very piece by themselves.
    @Test func aPendingPieceTheContactGotMeanwhileIsNotSent() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example"])
        let contact = try #require(try fixture.store.contact(email: try EmailAddress("ann@a.example", policy: .reservedDomainsAllowed)))
        let ids = try fixture.store.claim([PlannedMessage(
            contactID: contact.id!, campaign: "lead-nurture", step: "related-content", contentKey: "report-cloud-costs",
            content: "report-cloud-costs", messageID: "<r@t>", plannedAt: RunFixture.now.addingTimeInterval(-3600))])
        let events = fixture.directory.appendingPathComponent("more.csv").path
        try "email,type,at,content\nann@a.example,content_downloaded,2026-11-23T08:30:00Z,report-cloud-costs\n"
            .write(toFile: events, atomically: true, encoding: .utf8)
        _ = try ImportService(store: fixture.store, addressPolicy: .reservedDomainsAllowed).importEvents(path: events)

        let server = try await TestSMTPServer(mode: "plain")
        let summary = try await fixture.run(url: server.url)
        let entry = try #require(try fixture.ledger().first { $0.id == ids[0] })
        #expect(entry.state == .failed)
        #expect(entry.lastReply?.contains("downloaded 'report-cloud-costs'") == true)
        #expect(try !server.received().contains { String(decoding: $0.bytes, as: UTF8.self).contains("X-Nurture-Step: related-content") })
        #expect(summary.resumed == 0)
    }

    @Test func interruptedSendingEntriesBecomeUnknownAndPendingOnesAreSent() async throws {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example"])
        // A run that died: one message claimed and marked sending, one claimed only.
        let expected = try fixture.expectedMessages()
        let planned = try ["ann@a.example", "bob@b.example"].map { email -> PlannedMessage in
            let contact = try #require(try fixture.store.contact(email: try EmailAddress(email, policy: .reservedDomainsAllowed)))
            return PlannedMessage(contactID: contact.id!, campaign: "lead-nurture", step: "thank-you", contentKey: "ebook-modern-data-stack",
                                  content: "ebook-modern-data-stack", messageID: "<x\(contact.id!)@t>", plannedAt: RunFixture.now)
        }
        let ids = try fixture.store.claim(planned)
        try fixture.store.commit([], sending: [ids[0]!], at: RunFixture.now)

        let server = try await TestSMTPServer(mode: "plain")
        let summary = try await fixture.run(url: server.url)
        #expect(summary.interrupted == 1)
        #expect(summary.resumed == 1)
        #expect(summary.sent == 1)
        let received = try server.received()
        #expect(received.map(\.rcpt_tos) == [["bob@b.example"]])
        #expect(received.first?.bytes == expected["bob@b.example"])
        let ledger = try fixture.ledger()
        #expect(ledger.first { $0.email.value == "ann@a.example" }?.state == .unknown)
        #expect(ledger.first { $0.email.value == "bob@b.example" }?.state == .sent)
    }
}
