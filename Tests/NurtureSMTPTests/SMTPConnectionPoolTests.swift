import NurtureTestSupport
import Foundation
import NurtureCore
import Testing
@testable import NurtureSMTP

/// Delivery through a real aiosmtpd server on loopback.
@Suite(.timeLimit(.minutes(2)))
struct SMTPConnectionPoolTests {
    @Test func plainDeliveryStoresExactBytesAndEnvelope() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let message = TestMessages.message(1)
        let outcome = await TestMessages.sendOne(message, with: try TestMessages.configuration(server))
        guard case let .sent(reply) = outcome else { Issue.record("expected sent, got \(outcome)"); return }
        #expect(reply.hasPrefix("250 2.0.0 OK queued"))
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].bytes == message.bytes)
        #expect(received[0].mail_from == "news@sender.example")
        #expect(received[0].rcpt_tos == ["ada@recipient.example"])
        #expect(received[0].tls == false)
    }

    /// The pool remembers the sender that passed its check, not a pass for every sender: a message from a sender
    /// today's rules refuse, after good ones, is refused before sending and never reaches the server.
    @Test func aRefusedSenderAfterAGoodOneIsStillRefused() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        #expect(await pool.send(TestMessages.message(1)).deliveryState == .sent)
        let stored = try EmailAddress(storedValue: "ann..lee@acme.com")
        let bad = OutgoingMessage(
            ledgerID: 2, envelope: Envelope(mailFrom: stored, recipient: TestMessages.recipient), bytes: TestMessages.message(2).bytes)
        guard case let .failed(reply) = await pool.send(bad) else { Issue.record("the bad sender was not refused"); return }
        #expect(reply.hasPrefix("refused before sending: the MAIL FROM address"))
        #expect(await pool.send(TestMessages.message(3)).deliveryState == .sent)
        await pool.shutdown()
        #expect(try server.received().map(\.mail_from) == ["news@sender.example", "news@sender.example"])
    }

    @Test func dotStuffingRoundTrips() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let body = ".\r\n..\r\n.leading dot\r\nmiddle . dot\r\n\r\n.\r\n...three\r\nend\r\n"
        let message = TestMessages.message(2, body: body)
        let outcome = await TestMessages.sendOne(message, with: try TestMessages.configuration(server))
        #expect(outcome.deliveryState == .sent)
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].bytes == message.bytes)
    }

    @Test func startTLSDelivery() async throws {
        let server = try await TestSMTPServer(mode: "starttls")
        defer { server.stop() }
        let message = TestMessages.message(3)
        let outcome = await TestMessages.sendOne(message, with: try TestMessages.configuration(server))
        #expect(outcome.deliveryState == .sent, "\(outcome)")
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].tls == true)
        #expect(received[0].bytes == message.bytes)
    }

    @Test func tlsRequiredButNotOfferedIsFatal() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        var configuration = try TestMessages.configuration(server)
        configuration.requireTLSOnLoopback = true
        let outcome = await TestMessages.sendOne(TestMessages.message(4), with: configuration)
        guard case .fatal = outcome else { Issue.record("expected fatal, got \(outcome)"); return }
        #expect(try server.received().isEmpty)
    }

    @Test func authPlainSucceeds() async throws {
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "s3cret pass"])
        defer { server.stop() }
        let configuration = try TestMessages.configuration(server, user: "nurture", password: "s3cret pass")
        let outcome = await TestMessages.sendOne(TestMessages.message(5), with: configuration)
        #expect(outcome.deliveryState == .sent, "\(outcome)")
        #expect(try server.received().count == 1)
    }

    @Test func wrongPasswordIsFatalAndNotEchoed() async throws {
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "right"])
        defer { server.stop() }
        let configuration = try TestMessages.configuration(server, user: "nurture", password: "wrong-password-xyz")
        let outcome = await TestMessages.sendOne(TestMessages.message(6), with: configuration)
        guard case let .fatal(reply) = outcome else { Issue.record("expected fatal, got \(outcome)"); return }
        #expect(reply.contains("535"))
        #expect(!reply.contains("wrong-password-xyz"))
        #expect(!reply.contains(Data("\u{0}nurture\u{0}wrong-password-xyz".utf8).base64EncodedString()))
        #expect(try server.received().isEmpty)
    }

    /// A server that echoes the AUTH blob and the decoded password in its 535: neither reaches the outcome.
    @Test func credentialsEchoedInAServerReplyAreRedacted() async throws {
        let server = try await TestSMTPServer(mode: "authecho")
        defer { server.stop() }
        let password = "Echo-Me-S3cret"
        let configuration = try TestMessages.configuration(server, user: "nurture", password: password)
        let outcome = await TestMessages.sendOne(TestMessages.message(8), with: configuration)
        guard case let .fatal(reply) = outcome else { Issue.record("expected fatal, got \(outcome)"); return }
        #expect(reply.contains("535"), "\(reply)")
        #expect(reply.contains("<redacted>"), "\(reply)")
        #expect(!reply.contains(password), "\(reply)")
        #expect(!reply.contains(Data("\u{0}nurture\u{0}\(password)".utf8).base64EncodedString()), "\(reply)")
    }

    @Test func missingAuthIsFatal() async throws {
        let server = try await TestSMTPServer(mode: "auth")
        defer { server.stop() }
        let outcome = await TestMessages.sendOne(TestMessages.message(7), with: try TestMessages.configuration(server))
        guard case let .fatal(reply) = outcome else { Issue.record("expected fatal, got \(outcome)"); return }
        #expect(reply.hasPrefix("530"))
    }

    @Test func manyMessagesOverTwoReusedConnections() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server, connections: 2))
        let count = 40
        let outcomes = await withTaskGroup(of: (Int64, DeliveryOutcome).self) { group in
            for id in 1...Int64(count) {
                group.addTask { (id, await pool.send(TestMessages.message(id))) }
            }
            var all: [Int64: DeliveryOutcome] = [:]
            for await (id, outcome) in group { all[id] = outcome }
            return all
        }
        await pool.shutdown()
        #expect(outcomes.count == count)
        #expect(outcomes.values.allSatisfy { $0.deliveryState == .sent })
        let received = try server.received()
        #expect(received.count == count)
        let subjects = received.map { message in
            String(decoding: message.bytes, as: UTF8.self).split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map(String.init)
        }
        #expect(Set(subjects) == Set((1...count).map { "Subject: ledger \($0)" }))
        #expect(server.sessionCount() == 2)
        #expect(Set(received.map(\.session)).count == 2)
    }

    /// A send loop on the pool's executor runs on the connections' threads between messages, and goes on
    /// (on the global executor) once the pool has shut its threads down. Swift's runtime has been seen, in a full
    /// parallel run on a loaded machine, to resume such tasks on its global pool instead (once a `Task.sleep`'s
    /// rest, once all ten continuations of one attempt here), so the thread check takes the best of three
    /// attempts: a pool that never runs the tasks on its threads fails all three.
    @Test(arguments: [1, 3])
    func tasksPreferringThePoolRunOnItsThreadsAndOutliveThem(connections: Int) async throws {
        var threadsSeen: [[String?]] = []
        for _ in 1...3 {
            let server = try await TestSMTPServer(mode: "plain")
            defer { server.stop() }
            let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server, connections: connections))
            let (outcomes, threads, after) = await withTaskExecutorPreference(pool.preferredExecutor) {
                let results = await withTaskGroup(of: (DeliveryOutcome, String?).self) { group in
                    for id in 1...Int64(10) {
                        group.addTask { (await pool.send(TestMessages.message(id)), currentThreadName()) }
                    }
                    var all: [(DeliveryOutcome, String?)] = []
                    for await result in group { all.append(result) }
                    return all
                }
                await pool.shutdown()
                let after = await pool.send(TestMessages.message(11))
                return (results.map(\.0), results.map(\.1), after)
            }
            #expect(outcomes.allSatisfy { $0.deliveryState == .sent })
            #expect(after.deliveryState == .deferred)
            #expect(try server.received().count == 10)
            threadsSeen.append(threads)
            if threads.allSatisfy({ $0?.hasPrefix("nurture-smtp-") == true }) { break }
        }
        #expect(threadsSeen.last?.allSatisfy { $0?.hasPrefix("nurture-smtp-") == true } == true, "\(threadsSeen)")
    }

    @Test func connectionIsRecycledAfterMaxMessages() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server, maxMessagesPerConnection: 3))
        for id in 1...7 {
            #expect(await pool.send(TestMessages.message(Int64(id))).deliveryState == .sent)
        }
        await pool.shutdown()
        #expect(try server.received().map(\.session) == [1, 1, 1, 2, 2, 2, 3])
    }

    @Test func bareLineFeedOrCarriageReturnIsRefusedBeforeSending() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        var bareLF = TestMessages.message(8)
        bareLF.bytes = Array("Subject: x\r\n\r\nline one\nline two\r\n".utf8)
        var bareCR = TestMessages.message(9)
        bareCR.bytes = Array("Subject: x\r\n\r\nline one\rline two\r\n".utf8)
        let lf = await pool.send(bareLF)
        let cr = await pool.send(bareCR)
        await pool.shutdown()
        guard case let .failed(lfReply) = lf, case let .failed(crReply) = cr else {
            Issue.record("expected failed, got \(lf) and \(cr)"); return
        }
        #expect(lfReply.contains("bare LF"))
        #expect(crReply.contains("bare CR"))
        #expect(server.sessionCount() == 0)
    }

    @Test func sendAfterShutdownIsDeferredWithoutNetwork() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        await pool.shutdown()
        let outcome = await pool.send(TestMessages.message(10))
        #expect(outcome.deliveryState == .deferred)
        #expect(server.sessionCount() == 0)
    }

    @Test func connectionRefusedMeansTheRelayIsUnavailable() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        let configuration = try TestMessages.configuration(server)
        server.stop()
        try await Task.sleep(for: .milliseconds(200))
        let outcome = await TestMessages.sendOne(TestMessages.message(11), with: configuration)
        guard case let .unavailable(reply) = outcome else { Issue.record("expected unavailable, got \(outcome)"); return }
        #expect(reply.contains("cannot connect"))
    }
}

/// Connections that age out or that the server closed while idle.
@Suite(.timeLimit(.minutes(2)))
struct SMTPConnectionLifetimeTests {
    @Test func connectionIsRecycledAfterMaxAge() async throws {
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        var configuration = try TestMessages.configuration(server)
        configuration.maxConnectionAge = .seconds(5)
        let pool = SMTPConnectionPool(configuration: configuration)
        let opened = ContinuousClock.now
        #expect(await pool.send(TestMessages.message(1)).deliveryState == .sent)
        // On a machine so loaded that the second send starts after the connection's age, it rightly gets a new one.
        let secondInTime = ContinuousClock.now - opened < .milliseconds(4500)
        #expect(await pool.send(TestMessages.message(2)).deliveryState == .sent)
        try await Task.sleep(until: opened + .milliseconds(5500))
        #expect(await pool.send(TestMessages.message(3)).deliveryState == .sent)
        await pool.shutdown()
        let sessions = try server.received().map(\.session)
        #expect(sessions == (secondInTime ? [1, 1, 2] : [1, 2, 3]), "\(sessions)")
    }

    @Test func connectionClosedByTheServerWhileIdleIsReplaced() async throws {
        let server = try await TestSMTPServer(mode: "idle1")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server))
        #expect(await pool.send(TestMessages.message(1)).deliveryState == .sent)
        try await Task.sleep(for: .milliseconds(1600))
        let second = await pool.send(TestMessages.message(2))
        #expect(second.deliveryState == .sent, "\(second)")
        await pool.shutdown()
        #expect(try server.received().map(\.session) == [1, 2])
    }
}

/// The name of the thread running the caller (`Thread.current` cannot be read in an async function).
private func currentThreadName() -> String? { Thread.current.name }
