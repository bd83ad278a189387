import Foundation
import NurtureTestSupport
import Testing

/// `nurture serve` and `run --watch` as a user runs them: the real binary, aiosmtpd on loopback, a real
/// HTTP client.
@Suite(.serialized) struct ServeCommandTests {
    static let form = "email=nia%40acme.example&type=content_downloaded&content=ebook-modern-data-stack&first_name=Nia&company=Acme"

    /// Polls (every 20 ms, at most `seconds`) until the server has received a message for `recipient`.
    func waitForMail(to recipient: String, on server: TestSMTPServer, seconds: Double = 15) async throws -> TestSMTPServer.Received? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let mail = try server.received().first(where: { $0.rcpt_tos.contains(recipient) }) { return mail }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The shipped examples in a fresh store, aiosmtpd, and `nurture serve` on both; kept together so that
    /// none goes away (the workspace's folder is deleted with it) while the test uses another.
    final class Session {
        let workspace: Workspace
        let server: TestSMTPServer
        let serve: ServeProcess

        init(_ extra: [String]) async throws {
            workspace = try Workspace()
            try workspace.importExamples()
            server = try await TestSMTPServer(mode: "plain")
            serve = try await ServeProcess(workspace, smtp: server.url, extra: extra)
        }
    }

    func started(_ extra: [String] = []) async throws -> (Workspace, TestSMTPServer, ServeProcess, Session) {
        let session = try await Session(extra)
        return (session.workspace, session.server, session.serve, session)
    }

    @Test func aFormPostGetsItsThankYouWithinFiveSeconds() async throws {
        let (_, server, serve, session) = try await started()
        defer { withExtendedLifetime(session) {} }
        let posted = Date()
        let answer = try await serve.request("POST", "/events", body: Self.form, contentType: "application/x-www-form-urlencoded")
        #expect(answer.status == 200, "\(answer.body)")
        let mail = try await waitForMail(to: "nia@acme.example", on: server)
        let seconds = mail?.at.map { $0 - posted.timeIntervalSince1970 } ?? .infinity
        print("serve: thank-you accepted by the SMTP server \(String(format: "%.3f", seconds)) s after the form post")
        #expect(seconds < 5, "the thank-you took \(seconds) s")
        let bytes = String(decoding: try #require(mail).bytes, as: UTF8.self)
        #expect(bytes.contains("X-Nurture-Step: thank-you"))
        let stopped = try serve.stop()
        expectNoCrash(stopped)
        #expect(stopped.status == 0, "\(stopped)")
        #expect(stopped.stderr.contains("intake: 1 new event(s) (content_downloaded) for nia@acme.example"), "\(stopped)")
        #expect(!stopped.stderr.contains(ServeProcess.apiToken) && !stopped.stderr.contains(CLI.unsubscribeSecret), "no secret in the logs")
        #expect(!stopped.stderr.contains("Nia") && !stopped.stderr.contains("Acme"), "no personal data beyond the address in the logs")
    }

    @Test func oneClickUnsubscribesAndTheNextRunSkipsTheContact() async throws {
        let (workspace, server, serve, session) = try await started()
        defer { withExtendedLifetime(session) {} }
        _ = try await serve.request("POST", "/events", body: Self.form, contentType: "application/x-www-form-urlencoded")
        let mail = try #require(try await waitForMail(to: "nia@acme.example", on: server))
        let text = String(decoding: mail.bytes, as: UTF8.self)
        // The header's HTTPS link, as a mail client takes it for the one-click POST (RFC 8058).
        let link = try #require(text.range(of: #"<https://[^>]+\?t=[^>]+>"#, options: .regularExpression).map { String(text[$0].dropFirst().dropLast()) })
        let token = try #require(link.components(separatedBy: "?t=").last)
        #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        let page = try await serve.request("GET", "/unsubscribe?t=\(token)", token: nil)
        #expect(page.status == 200 && page.body.contains("Unsubscribe from this list"))
        let click = try await serve.request("POST", "/unsubscribe?t=\(token)", body: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded", token: nil)
        #expect(click.status == 200)
        // Another download, now: its thank-you would be due at once, but she unsubscribed from this campaign.
        let again = "email=nia%40acme.example&type=content_downloaded&content=ebook-dashboard-design"
        #expect(try await serve.request("POST", "/events", body: again, contentType: "application/x-www-form-urlencoded").status == 200)
        // Someone else's download after it: once their thank-you is out, Nia's event has been planned too.
        let zoe = "email=zoe%40acme.example&type=content_downloaded&content=ebook-modern-data-stack"
        #expect(try await serve.request("POST", "/events", body: zoe, contentType: "application/x-www-form-urlencoded").status == 200)
        #expect(try await waitForMail(to: "zoe@acme.example", on: server) != nil)
        let stopped = try serve.stop()
        #expect(stopped.status == 0, "\(stopped)")
        #expect(stopped.stderr.contains("unsubscribe: nia@acme.example from campaign lead-nurture"), "\(stopped)")
        #expect(try server.received().filter { $0.rcpt_tos.contains("nia@acme.example") }.count == 1)
        let plan = try workspace.nurture(["plan", "--campaign", Workspace.campaign, "--db", workspace.db, "--contact", "nia@acme.example", "--format", "json"])
        #expect(plan.status == 0, "\(plan)")
        #expect(plan.stdout.contains("unsubscribed from this campaign"), "\(plan)")
    }

    @Test func sigtermDuringASendLosesNothing() async throws {
        let workspace = try Workspace()
        var contacts = "email,first_name,stage,interests\n"
        var events = "email,type,at,content\n"
        let count = 20
        for index in 1...count {
            contacts += "lead\(index)@crash.example,Lead\(index),lead,data-engineering\n"
            events += "lead\(index)@crash.example,content_downloaded,\(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))),ebook-modern-data-stack\n"
        }
        #expect(try workspace.nurture("import", "contacts", try workspace.write("c.csv", contacts), "--db", workspace.db).status == 0)
        #expect(try workspace.nurture("import", "events", try workspace.write("e.csv", events), "--db", workspace.db).status == 0)
        let server = try await TestSMTPServer(mode: "slow")
        let serve = try await ServeProcess(workspace, smtp: server.url, extra: ["--connections", "2"])
        for _ in 0..<400 where (try? server.received().count) ?? 0 < 4 && serve.running.isRunning {
            try await Task.sleep(for: .milliseconds(25))
        }
        let stopped = try serve.stop()
        expectNoCrash(stopped)
        #expect(stopped.status == 0, "\(stopped)")
        #expect(try workspace.sqlite("SELECT count(*) FROM message WHERE state IN ('sending', 'unknown')").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let sentBefore = try server.received().count
        #expect(sentBefore < count, "stopped before the end")
        let recorded = try workspace.sqlite("SELECT count(*) FROM message WHERE state = 'sent'").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(recorded == String(sentBefore), "every message the server took is recorded sent")

        let rest = try workspace.nurture(["run", "--campaign", Workspace.campaign, "--db", workspace.db], environment: ["NURTURE_SMTP_URL": server.url])
        #expect(rest.status == 0, "\(rest)")
        let recipients = try server.received().flatMap(\.rcpt_tos)
        #expect(recipients.count == count && Set(recipients).count == count, "everyone once")
    }

    @Test func oneSchedulerPerStore() async throws {
        let (workspace, server, serve, session) = try await started()
        defer { withExtendedLifetime(session) {} }
        let second = try workspace.nurture(["run", "--watch", "--campaign", Workspace.campaign, "--db", workspace.db], environment: ["NURTURE_SMTP_URL": server.url])
        #expect(second.status == 1, "\(second)")
        #expect(second.stderr.contains("another nurture run is using this store (pid \(serve.running.process.processIdentifier)"), "\(second)")
        let secondServe = try workspace.nurture(["serve", "--campaign", Workspace.campaign, "--db", workspace.db, "--listen", "127.0.0.1:0"], environment: ["NURTURE_SMTP_URL": server.url])
        #expect(secondServe.status == 1 && secondServe.stderr.contains("another nurture run"), "\(secondServe)")
        #expect(try serve.stop().status == 0)
    }

    @Test func runWatchSendsWhatArrivesWhileItWaits() async throws {
        let workspace = try Workspace()
        #expect(try workspace.nurture("import", "contacts", try workspace.write("c.csv", "email,first_name\nli@acme.example,Li\n"), "--db", workspace.db).status == 0)
        let server = try await TestSMTPServer(mode: "plain")
        let watch = try CLI.start(["run", "--watch", "--interval", "1s", "--campaign", Workspace.campaign, "--db", workspace.db],
                                  in: workspace.directory, environment: ["NURTURE_SMTP_URL": server.url])
        try await Task.sleep(for: .milliseconds(500))
        #expect(watch.isRunning, "\(watch.stderrSoFar)")
        let at = ISO8601DateFormatter().string(from: Date())
        let events = try workspace.write("e.csv", "email,type,at,content\nli@acme.example,content_downloaded,\(at),ebook-modern-data-stack\n")
        #expect(try workspace.nurture("import", "events", events, "--db", workspace.db).status == 0)
        #expect(try await waitForMail(to: "li@acme.example", on: server, seconds: 10) != nil, "\(watch.stderrSoFar)")
        watch.send(SIGINT)
        let stopped = try watch.wait(timeout: 30)
        expectNoCrash(stopped)
        #expect(stopped.status == 0, "\(stopped)")
    }

    /// Without the unsubscribe, the second download does get its thank-you: the test above would see it.
    @Test func aSecondDownloadGetsItsOwnThankYou() async throws {
        let (_, server, serve, session) = try await started()
        defer { withExtendedLifetime(session) {} }
        _ = try await serve.request("POST", "/events", body: Self.form, contentType: "application/x-www-form-urlencoded")
        _ = try #require(try await waitForMail(to: "nia@acme.example", on: server))
        let again = "email=nia%40acme.example&type=content_downloaded&content=ebook-dashboard-design"
        #expect(try await serve.request("POST", "/events", body: again, contentType: "application/x-www-form-urlencoded").status == 200)
        let deadline = Date().addingTimeInterval(10)
        while try server.received().filter({ $0.rcpt_tos.contains("nia@acme.example") }).count < 2 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try server.received().filter { $0.rcpt_tos.contains("nia@acme.example") }.count == 2)
        #expect(try serve.stop().status == 0)
    }

    /// `serve --contact X` is narrowed to X: an event for anyone else is stored, and nobody else is emailed.
    @Test func aServeNarrowedToOneContactEmailsNoOneElse() async throws {
        let (workspace, server, serve, session) = try await started(["--contact", "olivia.bennett@brightwave.example"])
        defer { withExtendedLifetime(session) {} }
        let answer = try await serve.request("POST", "/events", body: Self.form, contentType: "application/x-www-form-urlencoded")
        #expect(answer.status == 200)
        // Then a download of Olivia's: once her thank-you is out, Nia's event has been through a pass too.
        let olivia = "email=olivia.bennett%40brightwave.example&type=content_downloaded&content=ebook-dashboard-design"
        #expect(try await serve.request("POST", "/events", body: olivia, contentType: "application/x-www-form-urlencoded").status == 200)
        #expect(try await waitForMail(to: "olivia.bennett@brightwave.example", on: server) != nil)
        let stopped = try serve.stop()
        #expect(stopped.status == 0, "\(stopped)")
        let recipients = Set(try server.received().flatMap(\.rcpt_tos))
        #expect(recipients == ["olivia.bennett@brightwave.example"], "\(recipients)")
        #expect(try workspace.sqlite("SELECT count(*) FROM event JOIN contact ON contact.id = event.contact_id WHERE contact.email = 'nia@acme.example'").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// SIGHUP (a closed terminal) stops serve as SIGTERM does, and a second one ends a silent server's wait.
    @Test func sighupStopsServeCleanly() async throws {
        let (_, _, serve, session) = try await started()
        defer { withExtendedLifetime(session) {} }
        serve.running.send(SIGHUP)
        let stopped = try serve.running.wait(timeout: 30)
        expectNoCrash(stopped)
        #expect(stopped.status == 0, "\(stopped)")
        #expect(stopped.stderr.contains("stopped: the messages in flight were recorded"), "\(stopped)")
    }

    @Test func serveRefusesToStartWithoutTheSecretThatSignsLinks() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let result = try workspace.nurture(["serve", "--campaign", Workspace.campaign, "--db", workspace.db, "--listen", "127.0.0.1:0"],
                                           environment: ["NURTURE_SMTP_URL": "smtp://127.0.0.1:9", "NURTURE_SECRET": ""])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1 && result.stderr.contains("NURTURE_SECRET"), "\(result)")
    }
}
