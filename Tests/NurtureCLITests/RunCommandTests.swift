import Foundation
import NurtureTestSupport
import Testing

/// `nurture run`, `ledger` and `send-test` as a user runs them, against aiosmtpd on loopback.
@Suite(.serialized) struct RunCommandTests {
    /// A workspace with `count` leads who each downloaded an e-book an hour before `Workspace.at`.
    func workspace(contacts count: Int) throws -> Workspace {
        let workspace = try Workspace()
        var contacts = "email,first_name,stage,interests\n"
        var events = "email,type,at,content\n"
        for index in 1...count {
            contacts += "lead\(index)@crash.example,Lead\(index),lead,data-engineering\n"
            events += "lead\(index)@crash.example,content_downloaded,2026-11-23T08:00:00Z,ebook-modern-data-stack\n"
        }
        let contactsFile = try workspace.write("contacts.csv", contacts)
        let eventsFile = try workspace.write("events.csv", events)
        #expect(try workspace.nurture("import", "contacts", contactsFile, "--db", workspace.db).status == 0)
        #expect(try workspace.nurture("import", "events", eventsFile, "--db", workspace.db).status == 0)
        return workspace
    }

    func runArguments(_ workspace: Workspace, _ extra: String...) -> [String] {
        ["run", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db] + extra
    }

    @Test func runSendsRecordsAndSaysSo() async throws {
        let workspace = try workspace(contacts: 3)
        let server = try await TestSMTPServer(mode: "plain")
        let result = try workspace.nurture(runArguments(workspace), environment: ["NURTURE_SMTP_URL": server.url])
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("sent 3, deferred 0, bounced 0, failed 0, unknown 0"), "\(result)")
        #expect(try server.received().count == 3)

        let ledger = try workspace.nurture("ledger", "--db", workspace.db, "--format", "json")
        #expect(ledger.status == 0, "\(ledger)")
        let rows = try JSONLines.objects(ledger.stdout)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["state"] as? String == "sent" && $0["step"] as? String == "thank-you" })
        let one = try workspace.nurture("ledger", "--db", workspace.db, "--contact", "lead2@crash.example")
        #expect(one.stdout.contains("lead2@crash.example") && !one.stdout.contains("lead1@crash.example"), "\(one)")

        // The same run again sends nothing: the ledger has every step.
        let again = try workspace.nurture(runArguments(workspace), environment: ["NURTURE_SMTP_URL": server.url])
        #expect(again.status == 0)
        #expect(again.stdout.contains("sent 0,"), "\(again)")
        #expect(try server.received().count == 3)
    }

    @Test func dryRunSendsAndWritesNothing() async throws {
        let workspace = try workspace(contacts: 2)
        let before = try workspace.snapshot()
        let result = try workspace.nurture(runArguments(workspace, "--dry-run"))
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("would send thank-you to lead1@crash.example"), "\(result)")
        #expect(result.stdout.contains("2 messages rendered (thank-you 2)"), "\(result)")
        let after = try workspace.snapshot()
        #expect(after.counts == before.counts)
        #expect(after.dump == before.dump)
    }

    @Test func withoutSMTPSettingsOneClearLine() throws {
        let workspace = try workspace(contacts: 1)
        let result = try workspace.nurture(runArguments(workspace), environment: ["NURTURE_SMTP_URL": ""])
        expectNoCrash(result)
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
        #expect(result.stderr.contains("NURTURE_SMTP_URL"), "\(result)")
        #expect(try workspace.count("message") == 0)
    }

    @Test func authenticationFailureStopsTheRunAndNeverShowsThePassword() async throws {
        let workspace = try workspace(contacts: 2)
        let server = try await TestSMTPServer(mode: "auth", arguments: ["--user", "nurture", "--password", "right-one"])
        let passwordFile = try workspace.write("password", "Wr0ng-Pa55word\n")
        let result = try workspace.nurture(
            runArguments(workspace, "--smtp-user", "nurture", "--smtp-password-file", passwordFile),
            environment: ["NURTURE_SMTP_URL": server.url]
        )
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("535"), "\(result)")
        #expect(!result.stderr.contains("Wr0ng-Pa55word") && !result.stdout.contains("Wr0ng-Pa55word"))
        #expect(try !workspace.sqlite(".dump").contains("Wr0ng-Pa55word"))
        #expect(try workspace.sqlite("SELECT count(*) FROM message WHERE state = 'pending'").trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(try workspace.count("suppression") == 0)
    }

    @Test func aSecondRunOnTheSameStoreRefusesToStart() async throws {
        let workspace = try workspace(contacts: 20)
        let server = try await TestSMTPServer(mode: "slow")
        let environment = ["NURTURE_SMTP_URL": server.url]
        let first = try CLI.start(runArguments(workspace, "--connections", "1"), in: workspace.directory, environment: environment)
        // Wait until the first run is sending, then start a second one.
        for _ in 0..<200 where (try? server.received().count) ?? 0 < 1 { try await Task.sleep(for: .milliseconds(50)) }
        let second = try workspace.nurture(runArguments(workspace), environment: environment)
        expectNoCrash(second)
        #expect(second.status == 1, "\(second)")
        #expect(second.stderr.contains("another nurture run is using this store"), "\(second)")
        let finished = try first.wait(timeout: 60)
        #expect(finished.status == 0, "\(finished)")
        #expect(try server.received().count == 20)
    }

    /// kill -9 in the middle of a run, then run again: every contact gets the email once, and at most the
    /// one message in flight at the kill (one connection) is left `unknown` instead of being resent.
    @Test func aRunKilledMidwayIsCompletedByTheNextWithoutDuplicates() async throws {
        let count = 30
        let workspace = try workspace(contacts: count)
        let server = try await TestSMTPServer(mode: "slow")
        let environment = ["NURTURE_SMTP_URL": server.url]
        let run = try CLI.start(runArguments(workspace, "--connections", "1"), in: workspace.directory, environment: environment)
        for _ in 0..<400 where (try? server.received().count) ?? 0 < 6 && run.isRunning {
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(run.isRunning, "the run finished before it could be killed")
        run.kill()
        let receivedAtKill = try server.received().count
        #expect(receivedAtKill >= 6 && receivedAtKill < count)
        try await Task.sleep(for: .milliseconds(500))  // let the server finish storing what it had

        let second = try workspace.nurture(runArguments(workspace, "--connections", "2"), environment: environment)
        expectNoCrash(second)

        let received = try server.received()
        let recipients = received.flatMap(\.rcpt_tos)
        #expect(Set(recipients).count == recipients.count, "a contact got the email twice: \(recipients.sorted())")
        let states = try workspace.sqlite("SELECT state, count(*) FROM message GROUP BY state ORDER BY state")
        let byState = Dictionary(uniqueKeysWithValues: states.split(separator: "\n").map { line -> (String, Int) in
            let parts = line.split(separator: "|")
            return (String(parts[0]), Int(parts[1]) ?? -1)
        })
        #expect(try workspace.count("message") == count, "one ledger entry per contact: \(states)")
        #expect(byState["unknown", default: 0] <= 1, "\(states)")
        #expect(byState["sent", default: 0] + byState["unknown", default: 0] == count, "\(states)")
        // Everything marked sent arrived; an unknown one may or may not have.
        #expect(received.count >= byState["sent", default: 0] && received.count <= count)
        // An unknown message needs a person: the README's exit status 3 says so.
        if byState["unknown", default: 0] == 1 {
            #expect(second.stderr.contains("may have been delivered"), "\(second)")
            #expect(second.status == 3, "\(second)")
        } else {
            #expect(second.status == 0, "\(second)")
        }
    }

    /// Ctrl-C, SIGTERM from a scheduler, or SIGHUP from a closed terminal or a dropped ssh connection: the messages in flight finish and are recorded, nothing is
    /// left unknown, and the next run sends the rest.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalStopsTheRunCleanly(signal: Int32) async throws {
        let count = 20
        let workspace = try workspace(contacts: count)
        let server = try await TestSMTPServer(mode: "slow")
        let environment = ["NURTURE_SMTP_URL": server.url]
        let run = try CLI.start(runArguments(workspace, "--connections", "2"), in: workspace.directory, environment: environment)
        for _ in 0..<400 where (try? server.received().count) ?? 0 < 4 && run.isRunning {
            try await Task.sleep(for: .milliseconds(25))
        }
        run.send(signal)
        let stopped = try run.wait(timeout: 30)
        expectNoCrash(stopped)
        #expect(stopped.status == 1, "\(stopped)")
        #expect(stopped.stderr.contains("stopped by a signal"), "\(stopped)")
        #expect(try workspace.sqlite("SELECT count(*) FROM message WHERE state IN ('sending', 'unknown')").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let sentBefore = try server.received().count
        #expect(sentBefore < count)

        let rest = try workspace.nurture(runArguments(workspace), environment: environment)
        #expect(rest.status == 0, "\(rest)")
        let recipients = try server.received().flatMap(\.rcpt_tos)
        #expect(recipients.count == count)
        #expect(Set(recipients).count == count)
    }

    /// A silent relay after the final dot: the first Ctrl-C waits for the message in flight (up to
    /// --smtp-timeout); a second one ends it at once, records it `unknown` (it may have been delivered)
    /// and exits 3, the rest still queued.
    @Test func aSecondSignalEndsTheWaitForASilentServerAndRecordsTheMessageUnknown() async throws {
        let workspace = try workspace(contacts: 4)
        let server = try await TestSMTPServer(mode: "silence")
        defer { server.stop() }
        let run = try CLI.start(runArguments(workspace, "--connections", "1", "--smtp-timeout", "120"),
                                in: workspace.directory, environment: ["NURTURE_SMTP_URL": server.url])
        let silenced = server.directory.appendingPathComponent("silenced").path
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: silenced) && run.isRunning {
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(FileManager.default.fileExists(atPath: silenced), "the body never reached the server")
        run.send(SIGINT)
        try await Task.sleep(for: .milliseconds(300))
        #expect(run.isRunning, "one signal waits for the message in flight")
        run.send(SIGINT)
        // Far less than the 120 s the reply would otherwise be awaited.
        let stopped = try run.wait(timeout: 30)
        expectNoCrash(stopped)
        #expect(stopped.status == 3, "\(stopped)")
        #expect(stopped.stderr.contains("second signal"), "\(stopped)")
        let states = try workspace.sqlite("SELECT state, count(*) FROM message GROUP BY state ORDER BY state")
        #expect(states.contains("unknown|1"), "\(states)")
        #expect(!states.contains("sending"), "\(states)")
        #expect(!states.contains("sent"), "\(states)")
    }

    /// What `validate` rejects is not sent: a text part without the unsubscribe footer stops the run before
    /// anything is claimed.
    @Test func aRunRefusesTemplatesThatValidateRejects() async throws {
        let workspace = try workspace(contacts: 1)
        let templates = workspace.path("templates")
        try FileManager.default.copyItem(atPath: Workspace.templates, toPath: templates)
        try "Hi {{first_name}}\n".write(toFile: templates + "/thank-you.text.mustache", atomically: true, encoding: .utf8)
        let campaign = try Workspace.sampleCampaignText()
            .replacingOccurrences(of: "templates: ../templates", with: "templates: \(templates)")
        let campaignFile = try workspace.write("campaign.yaml", campaign)
        let server = try await TestSMTPServer(mode: "plain")
        let result = try workspace.nurture(["run", "--campaign", campaignFile, "--at", Workspace.at, "--db", workspace.db],
                                           environment: ["NURTURE_SMTP_URL": server.url])
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("templates have problems"), "\(result)")
        #expect(result.stderr.contains("thank-you.text.mustache"), "\(result)")
        #expect(try workspace.count("message") == 0)
        #expect(try server.received().isEmpty)
        // The preview still shows it, with a warning, so the template can be fixed.
        let preview = try workspace.nurture(["preview", "--campaign", campaignFile, "--at", Workspace.at, "--db", workspace.db,
                                             "--out", workspace.path("preview")])
        #expect(preview.status == 0, "\(preview)")
        #expect(preview.stderr.contains("warning: "), "\(preview)")
    }

    @Test func sendTestSendsOneMarkedEmailAndRecordsNothing() async throws {
        let workspace = try workspace(contacts: 1)
        let server = try await TestSMTPServer(mode: "plain")
        let result = try workspace.nurture(
            ["send-test", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db,
             "--step", "thank-you", "--contact", "lead1@crash.example", "--to", "marketer@northwind.example"],
            environment: ["NURTURE_SMTP_URL": server.url]
        )
        #expect(result.status == 0, "\(result)")
        let received = try server.received()
        #expect(received.map(\.rcpt_tos) == [["marketer@northwind.example"]])
        #expect(String(decoding: received[0].bytes, as: UTF8.self).contains("Subject: [test] "))
        #expect(try workspace.count("message") == 0)
    }

    /// A damaged index (a page of it overwritten) is found before anything is claimed: one error line, exit
    /// 1, nothing sent, nothing written to the ledger.
    @Test func aDamagedStoreIsRefusedBeforeAnythingIsClaimed() async throws {
        let workspace = try workspace(contacts: 3)
        _ = try workspace.sqlite("PRAGMA wal_checkpoint(TRUNCATE)")
        let pageSize = Int(try workspace.sqlite("PRAGMA page_size").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 4096
        let root = Int(try workspace.sqlite("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_event_1'")
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(root > 1)
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: workspace.db))
        try file.seek(toOffset: UInt64((root - 1) * pageSize))
        try file.write(contentsOf: Data(repeating: 0xFF, count: pageSize))
        try file.close()

        let server = try await TestSMTPServer(mode: "plain")
        let result = try workspace.nurture(runArguments(workspace), environment: ["NURTURE_SMTP_URL": server.url])
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains("the store is damaged"), "\(result)")
        #expect(try server.received().isEmpty)
        #expect(try workspace.sqlite("SELECT count(*) FROM message").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
