import Foundation
import NurtureTestSupport
import Testing

/// `nurture unsubscribe`, `nurture suppression list|import|remove` and `nurture import bounces`, run as a user would.
struct SuppressionCommandTests {
    static let olivia = "olivia.bennett@brightwave.example"
    static let bouncesMbox = CLI.packageRoot.appendingPathComponent("Tests/NurtureImportTests/Fixtures/bounces.mbox").path

    func planReason(_ workspace: Workspace, _ email: String) throws -> String {
        let plan = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db,
                                         "--contact", email, "--format", "json")
        #expect(plan.status == 0, "\(plan)")
        let objects = try JSONLines.objects(plan.stdout).filter { $0.string("contact") == email }
        return objects.first.flatMap { $0.string("reason") } ?? "no decision in \(plan)"
    }

    @Test func aLinksTokenUnsubscribesItsContactFromItsCampaign() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let out = workspace.path("preview")
        let preview = try workspace.nurture(["preview", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out])
        #expect(preview.status == 0, "\(preview)")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: out).sorted().first { $0.hasSuffix(".eml") })
        let text = try String(contentsOfFile: "\(out)/\(file)", encoding: .utf8)
        let link = try #require(text.range(of: #"\?t=[A-Za-z0-9._-]+"#, options: .regularExpression).map { String(text[$0].dropFirst(3)) })
        let recipient = try #require(file.split(separator: "-").last.map { String($0.dropLast(4)) })

        let done = try workspace.nurture("unsubscribe", "--token", link, "--db", workspace.db)
        #expect(done.status == 0, "\(done)")
        #expect(done.stdout == "\(recipient) is unsubscribed from campaign 'lead-nurture'\n", "\(done)")
        #expect(try planReason(workspace, recipient).contains("unsubscribed from this campaign"))
        let again = try workspace.nurture("unsubscribe", "--token", link, "--db", workspace.db)
        #expect(again.status == 0 && again.stdout.contains("already suppressed"), "\(again)")

        // A changed token, or the right one checked with another secret: one line, nothing changed.
        let before = try workspace.snapshot()
        for (token, secret) in [(String(link.dropLast()) + (link.hasSuffix("A") ? "B" : "A"), CLI.unsubscribeSecret), (link, "another-secret-0123456789abcdef")] {
            let bad = try workspace.nurture(["unsubscribe", "--token", token, "--db", workspace.db], environment: ["NURTURE_SECRET": secret])
            #expect(bad.status == 1 && bad.stderrLines.count == 1 && bad.stderr.contains("not a valid unsubscribe token"), "\(bad)")
        }
        let both = try workspace.nurture("unsubscribe", "ann@acme.example", "--token", link, "--db", workspace.db)
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both)")
        #expect(try workspace.snapshot().dump == before.dump)
    }

    @Test func anUnsubscribeFromOneCampaignStopsThatCampaignAndFromEverythingStopsAll() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try planReason(workspace, Self.olivia)

        let other = try workspace.nurture("unsubscribe", Self.olivia, "--campaign", "webinar-drip", "--db", workspace.db)
        #expect(other.status == 0, "\(other)")
        #expect(other.stdoutLines == ["\(Self.olivia) is unsubscribed from campaign 'webinar-drip'"])
        #expect(try planReason(workspace, Self.olivia) == before, "another campaign's unsubscribe changes nothing here")

        let this = try workspace.nurture("unsubscribe", Self.olivia, "--campaign", "lead-nurture", "--db", workspace.db)
        #expect(this.status == 0, "\(this)")
        #expect(try planReason(workspace, Self.olivia).hasPrefix("unsubscribed from this campaign on "))

        let again = try workspace.nurture("unsubscribe", Self.olivia.uppercased(), "--campaign", "lead-nurture", "--db", workspace.db)
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("was already suppressed for campaign 'lead-nurture' since "), "\(again)")

        let everything = try workspace.nurture("unsubscribe", "k.tanaka@sakura-logistics.example", "--db", workspace.db)
        #expect(everything.stdoutLines == ["k.tanaka@sakura-logistics.example is unsubscribed from every campaign"], "\(everything)")
        #expect(try planReason(workspace, "k.tanaka@sakura-logistics.example").hasPrefix("address is suppressed"))
        #expect(try workspace.sqlite("SELECT email, campaign, cause FROM suppression WHERE email IN ('\(Self.olivia)', 'k.tanaka@sakura-logistics.example') ORDER BY email, campaign") == """
            k.tanaka@sakura-logistics.example||unsubscribed
            olivia.bennett@brightwave.example|lead-nurture|unsubscribed
            olivia.bennett@brightwave.example|webinar-drip|unsubscribed

            """)
    }

    @Test func badUnsubscribeInputIsOneLineAndChangesNothing() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        let cases: [([String], String)] = [
            (["unsubscribe"], "nurture: name the contact to unsubscribe: nurture unsubscribe EMAIL, or --token TOKEN"),
            (["unsubscribe", "not-an-address"], "nurture: EMAIL: email 'not-an-address' has no @"),
            (["unsubscribe", Self.olivia, "--campaign", " "], "nurture: --campaign is empty: name a campaign, or leave the option out for every campaign"),
            (["unsubscribe", Self.olivia, "--campaign", "a\u{2028}b"], "nurture: --campaign 'a\\u{2028}b' contains a line break or control character"),
            (["unsubscribe", Self.olivia, "--db", workspace.path("missing.sqlite")],
             "nurture: no store at \(workspace.path("missing.sqlite")): import contacts first (nurture import contacts FILE), or pass --db PATH"),
        ]
        for (arguments, line) in cases {
            let result = try workspace.nurture(arguments.contains("--db") ? arguments : arguments + ["--db", workspace.db])
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines == [line], "\(result)")
        }
        #expect(!workspace.exists(workspace.path("missing.sqlite")), "a mistyped --db is not created")
        #expect(try workspace.snapshot().dump == before.dump)
    }

    @Test func anImportedListReportsImportedAlreadyAndRejectedWithFileAndLine() throws {
        let workspace = try Workspace()
        try workspace.write("blocked.txt", "# from the old ESP\nann@acme.example\n\nann@ACME.example\nbob@@acme.example\n")
        let first = try workspace.nurture("suppression", "import", "blocked.txt", "--db", workspace.db)
        expectNoCrash(first)
        #expect(first.status == 1, "a rejected line makes the exit status non-zero: \(first)")
        #expect(first.stderrLines == ["blocked.txt:5: email 'bob@@acme.example' has an invalid local part: it has an unquoted @ (an address has exactly one)"]
                || first.stderrLines.count == 1 && first.stderrLines[0].hasPrefix("blocked.txt:5: email 'bob@@acme.example'"), "\(first)")
        #expect(first.stdoutLines == ["blocked.txt: 1 imported, 1 already suppressed, 1 rejected"])

        try workspace.write("export.csv", "Email Address,Reason\nann@acme.example,bounce\n\"cy@acme.example\",\"unsubscribed, by mail\"\n")
        let csv = try workspace.nurture("suppression", "import", "export.csv", "--db", workspace.db)
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stderr == "")
        #expect(csv.stdoutLines == ["export.csv: 1 imported, 1 already suppressed, 0 rejected"])
        #expect(try workspace.sqlite("SELECT email, cause, reason FROM suppression ORDER BY email") == """
            ann@acme.example|manual|suppression import blocked.txt:2
            cy@acme.example|manual|suppression import export.csv:3

            """)

        try workspace.write("names.csv", "name,company\nAnn,Acme\n")
        let noColumn = try workspace.nurture("suppression", "import", "names.csv", "--db", workspace.db)
        #expect(noColumn.status == 1)
        #expect(noColumn.stderrLines == ["nurture: names.csv:1: the first line is neither an address nor a CSV header with an email column (one of: email, email address, email_address, e-mail, address, recipient)"], "\(noColumn)")
    }

    @Test func removeNeedsAReasonAndAnExistingSuppressionAndKeepsTheAudit() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        _ = try workspace.nurture("unsubscribe", Self.olivia, "--campaign", "lead-nurture", "--db", workspace.db)
        let before = try workspace.snapshot()

        let noReason = try workspace.nurture("suppression", "remove", Self.olivia, "--campaign", "lead-nurture", "--db", workspace.db)
        #expect(noReason.status == 1)
        #expect(noReason.stderrLines == ["nurture: --reason is required: say why \(Self.olivia) may be emailed again (kept in the audit)"])
        let unknown = try workspace.nurture("suppression", "remove", "nobody@acme.example", "--reason", "x", "--db", workspace.db)
        #expect(unknown.status == 1)
        #expect(unknown.stderrLines == ["nurture: nobody@acme.example is not suppressed for every campaign: it is not on the suppression list"])
        let wrongScope = try workspace.nurture("suppression", "remove", Self.olivia, "--reason", "x", "--db", workspace.db)
        #expect(wrongScope.stderrLines == ["nurture: \(Self.olivia) is not suppressed for every campaign: it is suppressed for campaign 'lead-nurture' (use --campaign to name one, or leave it out for every campaign)"])
        #expect(try workspace.snapshot().dump == before.dump, "nothing changes on refused removals")

        let removed = try workspace.nurture("suppression", "remove", Self.olivia, "--campaign", "lead-nurture", "--reason", "asked by phone to hear again", "--db", workspace.db)
        #expect(removed.status == 0, "\(removed)")
        #expect(removed.stdoutLines == ["\(Self.olivia) is no longer suppressed for campaign 'lead-nurture' (kept in the audit with the reason)"])
        #expect(try workspace.sqlite("SELECT count(*) FROM suppression WHERE email = '\(Self.olivia)'") == "0\n")
        #expect(try workspace.sqlite("SELECT email, campaign, cause, reason FROM suppression_removal") == "\(Self.olivia)|lead-nurture|unsubscribed|asked by phone to hear again\n")
        #expect(!(try planReason(workspace, Self.olivia)).hasPrefix("unsubscribed"))
    }

    @Test func bouncesFromAnMboxSuppressHardOnesRecordSoftOnesAndSayWhatTheyCouldNotRead() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let result = try workspace.nurture("import", "bounces", Self.bouncesMbox, "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 1, "two messages cannot be read: \(result)")
        let file = Self.bouncesMbox
        #expect(result.stderrLines == [
            "\(file):182: skipped: message 4: not a delivery status notification (Content-Type text/plain)",
            "\(file):207: message 5: recipient someone@vandelay.example has no valid Status field (expected a code such as 5.1.1): ''",
            "\(file):218: message 6: the multipart/report has no boundary or no parts",
        ], "\(result)")
        #expect(result.stdoutLines == [
            "full@hooli.example: soft bounce 4.2.2 (delayed): smtp; 452 4.2.2 Mailbox full (bounces.mbox message 3 (line 129))",
            "\(file): 6 messages, 4 hard bounces (4 newly suppressed), 1 soft bounce (recorded, not suppressed), 1 not a delivery report, 2 unreadable",
        ], "\(result)")

        // The oracle: what Python's parsers find with a Status, failed with 5.x.x, is what is suppressed.
        let oracle = try PythonScript.run("dsn_recipients.py", [file])
        let messages = (try JSONSerialization.jsonObject(with: oracle) as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        var hard: [String] = []
        var soft: [String] = []
        for message in messages {
            for recipient in message["recipients"] as? [[String: Any]] ?? [] {
                guard let email = recipient["email"] as? String, let action = recipient["action"] as? String,
                      let status = recipient["status"] as? String else { continue }
                if action == "failed" && status.hasPrefix("5.") { hard.append(email.lowercased()) } else { soft.append(email.lowercased()) }
            }
        }
        #expect(hard.count == 4 && soft.count == 1)
        #expect(try workspace.sqlite("SELECT lower(email) FROM suppression WHERE reason LIKE 'bounce: %' ORDER BY 1") == hard.sorted().map { $0 + "\n" }.joined())
        #expect(try workspace.sqlite("SELECT lower(email) FROM bounce_report WHERE severity = 'soft'") == soft.map { $0 + "\n" }.joined())
        #expect(try workspace.sqlite("SELECT reason FROM suppression WHERE email = 'gone@acme.example'")
                == "bounce: 5.1.1 smtp; 550 5.1.1 <gone@acme.example>: Recipient address rejected: User unknown in virtual mailbox table (bounces.mbox message 1 (line 1))\n")

        let before = try workspace.snapshot()
        let again = try workspace.nurture("import", "bounces", file, "--db", workspace.db)
        #expect(again.stdoutLines.last == "\(file): 6 messages, 4 hard bounces (0 newly suppressed), 1 soft bounce (recorded, not suppressed), 1 not a delivery report, 2 unreadable, 5 already recorded")
        #expect(try workspace.snapshot().dump == before.dump, "importing the same mailbox twice stores nothing twice")
    }

    @Test func hostileTextInADiagnosticBreaksNoListFormat() throws {
        let workspace = try Workspace()
        try workspace.write("one.csv", "email\nann@acme.example\n")
        #expect(try workspace.nurture("import", "contacts", "one.csv", "--db", workspace.db).status == 0)
        try workspace.write("evil.mbox", """
            From MAILER-DAEMON Mon Nov 23 09:14:02 2026
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example

            Final-Recipient: rfc822; evil@acme.example
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 "quoted", comma\u{2028}line\u{0}nul\u{1B}[31mred

            --b--

            """)
        let imported = try workspace.nurture("import", "bounces", "evil.mbox", "--db", workspace.db)
        #expect(imported.status == 0, "\(imported)")

        let text = try workspace.nurture("suppression", "list", "--db", workspace.db)
        #expect(text.stdoutLines.count == 4, "header, one row, a blank line, the count: \(text)")
        #expect(!text.stdout.contains("\u{2028}") && !text.stdout.contains("\u{0}") && !text.stdout.contains("\u{1B}"))

        let json = try workspace.nurture("suppression", "list", "--format", "json", "--db", workspace.db)
        let objects = try JSONLines.objects(json.stdout)
        #expect(objects.count == 1)
        // A NUL is kept as U+FFFD (SQLite's text ends at a NUL); the rest as it came.
        #expect(objects.first?.string("detail")?.contains("comma\u{2028}line\u{FFFD}nul\u{1B}[31mred") == true, "\(json)")
        #expect(objects.first?.isNull("campaign") == true)

        let csv = try workspace.nurture("suppression", "list", "--format", "csv", "--db", workspace.db)
        #expect(csv.status == 0)
        let path = try workspace.write("list.csv", csv.stdout)
        let rows = try PythonScript.run("csv_rows.py", [path])
        let parsed = try JSONSerialization.jsonObject(with: rows) as? [[String]]
        #expect(parsed?.count == 2)
        #expect(parsed?.first == ["email", "campaign", "cause", "at", "detail"])
        #expect(parsed?.last?.first == "evil@acme.example")
        #expect(parsed?.last?.last?.contains("\"quoted\", comma\u{2028}line\u{FFFD}nul\u{1B}[31mred") == true)
    }
}
