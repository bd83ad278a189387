import Foundation
import Testing

/// `nurture contact`, `nurture contacts` and stage checks on import, run as a user would.
struct QualificationCommandTests {
    @Test func importRejectsAnUnknownStageWithItsLineAndASuggestion() throws {
        let workspace = try Workspace()
        let file = try workspace.write("c.csv", "email,stage\nann@acme.example,lead\nbob@acme.example,leed\n")
        let result = try workspace.nurture("import", "contacts", file, "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderrLines == ["\(file):3: unknown stage 'leed' (did you mean 'lead'?); the ladder is subscriber, lead, mql, prospect, customer"])
        #expect(result.stdoutLines == ["\(file): 1 imported, 0 updated, 0 unchanged, 1 rejected"])
        #expect(try workspace.count("contact") == 1)
    }

    @Test func theExamplesCoverEveryBandAndEveryStageHighestScoreFirst() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let result = try workspace.nurture("contacts", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--format", "json")
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        let rows = try JSONLines.objects(result.stdout)
        #expect(rows.count == 51)
        let scores = rows.compactMap { $0["score"] as? Int }
        #expect(scores == scores.sorted(by: >))
        #expect(Set(rows.compactMap { $0.string("band") }) == ["cold", "warm", "hot"])
        #expect(Set(rows.compactMap { $0.string("stage") }) == ["subscriber", "lead", "mql", "prospect", "customer"])
        #expect(rows.allSatisfy { !($0.string("top_rules") ?? "").isEmpty }, "every contact has a reason")

        let hot = try workspace.nurture("contacts", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db,
                                        "--format", "json", "--stage", "prospect", "--min-score", "60")
        let hotRows = try JSONLines.objects(hot.stdout)
        #expect(!hotRows.isEmpty)
        #expect(hotRows.allSatisfy { $0.string("stage") == "prospect" && ($0["score"] as? Int ?? 0) >= 60 })
    }

    @Test func csvQuotesHostileCellsAndDefusesFormulas() throws {
        let workspace = try Workspace()
        // Known columns refuse line breaks on import; a comma, quotes and a formula get through.
        let contacts = try workspace.write("c.csv", "email,first_name,company,stage\nann@acme.example,\"Ann, \"\"the\"\" Boss\",\"=HYPERLINK(\"\"x\"\"), Inc\",lead\n")
        #expect(try workspace.nurture("import", "contacts", contacts, "--db", workspace.db).status == 0)
        let result = try workspace.nurture("contacts", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--format", "csv")
        #expect(result.status == 0, "\(result)")
        let expectedRow = "ann@acme.example,\"Ann, \"\"the\"\" Boss\",\"'=HYPERLINK(\"\"x\"\"), Inc\",lead,0,cold,,\r\n"
        #expect(result.stdout == "email,name,company,stage,score,band,top_rules,last_signal\r\n" + expectedRow, "\(result.stdout.debugDescription)")
    }

    @Test func aPersonSetsAStageThatHoldsUntilALaterEventMovesTheContactUp() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let email = "rachel.green@summit-saas.example"   // a prospect who asked for a quote on 2026-11-19
        let set = try workspace.nurture("contact", email, "--campaign", Workspace.campaign, "--db", workspace.db, "--at", "2026-11-20T10:00:00Z",
                                        "--stage", "mql", "--reason", "budget frozen until Q2", "--by", "maya", "--format", "json")
        expectNoCrash(set)
        #expect(set.status == 0, "\(set)")
        #expect(try workspace.count("stage_override") == 1)

        let later = try workspace.nurture("contact", email, "--campaign", Workspace.campaign, "--db", workspace.db, "--at", Workspace.at, "--format", "json")
        let profile = try #require(JSONLines.objects(later.stdout).first)
        #expect(profile.string("stage") == "mql")
        let history = try #require(profile["stage_history"] as? [[String: Any]])
        #expect(history.last?["by"] as? String == "maya")
        #expect(history.last?["cause"] as? String == "set by hand: budget frozen until Q2")
        #expect(history.last?["at"] as? String == "2026-11-20T10:00:00Z")
        // Before the person set it, the rules' stage.
        let before = try workspace.nurture("contact", email, "--campaign", Workspace.campaign, "--db", workspace.db, "--at", "2026-11-20T09:00:00Z", "--format", "json")
        #expect(try JSONLines.objects(before.stdout).first?.string("stage") == "prospect")

        // A quote request after it moves the contact up again (a pricing-page view only scores).
        let events = try workspace.write("e.csv", "email,type,at,page\n\(email),quote_requested,2026-11-22T10:00:00Z,\n")
        #expect(try workspace.nurture("import", "events", events, "--db", workspace.db).status == 0)
        let after = try workspace.nurture("contact", email, "--campaign", Workspace.campaign, "--db", workspace.db, "--at", Workspace.at)
        #expect(after.status == 0, "\(after)")
        #expect(after.stdoutLines.contains { $0.hasPrefix("stage prospect, score ") }, "\(after)")
        #expect(after.stdoutLines.contains { $0.contains("2026-11-22 10:00 UTC  mql → prospect: sales request: quote_requested") }, "\(after)")
        #expect(after.stdoutLines.contains("campaign lead-nurture"), "\(after)")
    }

    @Test func anUnknownStageOrAMissingReasonIsOneLine() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let typo = try workspace.nurture("contact", "rachel.green@summit-saas.example", "--campaign", Workspace.campaign, "--db", workspace.db,
                                         "--stage", "prospekt", "--reason", "x")
        #expect(typo.status != 0)
        #expect(typo.stderrLines == ["nurture: --stage: unknown stage 'prospekt' (did you mean 'prospect'?); the ladder is subscriber, lead, mql, prospect, customer"])
        #expect(try workspace.count("stage_override") == 0)
        let noReason = try workspace.nurture("contact", "rachel.green@summit-saas.example", "--campaign", Workspace.campaign, "--db", workspace.db, "--stage", "lead")
        #expect(noReason.status != 0)
        #expect(noReason.stderr.contains("--stage needs --reason"))
        let nobody = try workspace.nurture("contact", "nobody@acme.example", "--campaign", Workspace.campaign, "--db", workspace.db)
        #expect(nobody.stderrLines == ["nurture: no contact nobody@acme.example in the store"])
    }
}
