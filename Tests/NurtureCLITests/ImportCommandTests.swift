import Foundation
import Testing

/// `nurture import contacts|events FILE`: the README flow on the shipped examples, and bad input.
struct ImportCommandTests {
    /// A campaign file that cannot be read is named on import: its ladder is not known, so a stage only it
    /// has would be refused against the default ladder; the import still goes on.
    @Test func anUnreadableCampaignFileIsNamedOnImport() throws {
        let workspace = try Workspace()
        try workspace.write("campaigns/broken.yaml", "name: broken\nstages: [lead, sql]\n")
        let contacts = try workspace.write("c.csv", "email,stage\nann@acme.example,lead\n")
        let result = try workspace.nurture("import", "contacts", contacts, "--db", workspace.db)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("warning: campaigns/broken.yaml cannot be read"), "\(result)")
        #expect(result.stdout.contains("1 imported"), "\(result)")
    }

    @Test func importsTheExampleContactsOnceAndReimportsNothing() throws {
        let workspace = try Workspace()
        let expected = try ExampleData.load().contacts.count
        #expect(expected == 51)

        let first = try workspace.nurture("import", "contacts", Workspace.contactsCSV, "--db", workspace.db)
        expectNoCrash(first)
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr == "")
        #expect(first.stdoutLines == ["\(Workspace.contactsCSV): \(expected) imported, 0 updated, 0 unchanged, 0 rejected"])
        #expect(try workspace.count("contact") == expected)

        let again = try workspace.nurture("import", "contacts", Workspace.contactsCSV, "--db", workspace.db)
        #expect(again.status == 0, "\(again)")
        #expect(again.stderr == "")
        #expect(again.stdoutLines == ["\(Workspace.contactsCSV): 0 imported, 0 updated, \(expected) unchanged, 0 rejected"])
        #expect(try workspace.count("contact") == expected)
    }

    @Test func importsTheExampleEventsOnceEvenWhenTheFileIsImportedTwice() throws {
        let workspace = try Workspace()
        let contacts = try workspace.nurture("import", "contacts", Workspace.contactsCSV, "--db", workspace.db)
        #expect(contacts.status == 0, "\(contacts)")
        let expected = try ExampleData.load().events.count

        let first = try workspace.nurture("import", "events", Workspace.eventsCSV, "--db", workspace.db)
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr == "")
        #expect(first.stdoutLines == ["\(Workspace.eventsCSV): \(expected) imported, 0 updated, 0 unchanged, 0 rejected"])
        #expect(try workspace.count("event") == expected)

        let before = try workspace.snapshot()
        let again = try workspace.nurture("import", "events", Workspace.eventsCSV, "--db", workspace.db)
        #expect(again.status == 0, "\(again)")
        #expect(again.stdoutLines == ["\(Workspace.eventsCSV): 0 imported, 0 updated, \(expected) unchanged, 0 rejected"])
        let after = try workspace.snapshot()
        #expect(after.counts == before.counts)
        #expect(after.dump == before.dump)
    }

    /// Without NURTURE_ALLOW_RESERVED_DOMAINS the shipped `.example` addresses are refused, each with one
    /// line naming the file, the line and the field; an address the envelope rules refuse is reported the
    /// same way, and an international domain is stored with its U-label.
    @Test func addressesAreCheckedByTheEnvelopeRulesAndReservedDomainsOnlyWhenAllowed() throws {
        let workspace = try Workspace()
        try workspace.write("people.csv", """
            email,first_name
            ann@acme.example,Ann
            two..dots@acme.com,Two
            jo@BÜCHER.de,Jo
            me@bad.tld-2,Bad

            """)
        let strict = try workspace.nurture(["import", "contacts", "people.csv", "--db", workspace.db],
                                           environment: ["NURTURE_ALLOW_RESERVED_DOMAINS": ""])
        expectNoCrash(strict)
        #expect(strict.status == 0, "\(strict)")
        #expect(strict.stdoutLines == ["people.csv: 1 imported, 0 updated, 0 unchanged, 3 rejected"])
        #expect(strict.stderrLines == [
            "people.csv:2: email 'ann@acme.example' has an invalid domain: the top-level domain .example is reserved for documentation and tests (allowed when NURTURE_ALLOW_RESERVED_DOMAINS=1)",
            "people.csv:3: email 'two..dots@acme.com' has an invalid local part: it has two dots in a row",
            "people.csv:5: email 'me@bad.tld-2' has an invalid domain: 'tld-2' is not a valid top-level domain",
        ])
        let allowed = try workspace.nurture("import", "contacts", "people.csv", "--db", workspace.db)
        #expect(allowed.stdoutLines == ["people.csv: 1 imported, 0 updated, 1 unchanged, 2 rejected"], "\(allowed)")
        let listed = try workspace.nurture(["plan", "--campaign", Workspace.campaign, "--at", "2026-11-23T09:00:00Z", "--db", workspace.db,
                                            "--contact", "jo@xn--bcher-kva.de", "--format", "json"])
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.stdout.contains("jo@bücher.de"), "\(listed)")
    }

    @Test func aBadContactRowIsReportedWithItsLineAndTheRestIsImported() throws {
        let workspace = try Workspace()
        try workspace.write("people.csv", """
            email,first_name,stage,timezone
            good@acme.example,Good,lead,Europe/London
            not-an-email,Bad,lead,Europe/London
            far@acme.example,Far,lead,Mars/Olympus_Mons
            plain@acme.example,Plain,subscriber,

            """)
        let result = try workspace.nurture("import", "contacts", "people.csv", "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == ["people.csv: 3 imported, 0 updated, 0 unchanged, 1 rejected"])
        let errors = result.stderrLines
        #expect(errors.count == 2, "\(result)")
        #expect(errors.first?.hasPrefix("people.csv:3: ") == true, "\(errors)")
        #expect(errors.first?.contains("not-an-email") == true, "\(errors)")
        #expect(errors.last?.hasPrefix("people.csv:4: warning: unknown time zone 'Mars/Olympus_Mons'") == true, "\(errors)")
        #expect(try workspace.count("contact") == 3)
        #expect(try workspace.sqlite("SELECT email FROM contact ORDER BY email") == "far@acme.example\ngood@acme.example\nplain@acme.example\n")
    }

    @Test func aQuotedFieldOverSeveralLinesDoesNotShiftTheReportedLine() throws {
        let workspace = try Workspace()
        try workspace.write("people.csv", "email,first_name,company,notes\n"
            + "a@acme.example,Ann,Acme,\"first line\nsecond line\"\n"
            + "broken,Bob,Acme,x\n")
        let result = try workspace.nurture("import", "contacts", "people.csv", "--db", workspace.db)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix("people.csv:4: ") == true, "\(result)")
        #expect(try workspace.count("contact") == 1)
    }

    /// Valid RFC 4180 (a doubled quote and a line break in one field) imports; a bare CR splitting a row
    /// is refused with its lines, and nothing of that row is stored.
    @Test func doubledQuotesWithALineBreakImportAndABareCarriageReturnIsRefusedWithItsLine() throws {
        let workspace = try Workspace()
        try workspace.write("people.csv", "email,first_name,notes\n"
            + "ann@acme.example,Ann,\"He said \"\"hi\"\"\nagain\"\n"
            + "cr@acme.example,Cy,one\rtwo@acme.example\n"
            + "bob@acme.example,Bob,\n")
        let result = try workspace.nurture("import", "contacts", "people.csv", "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == ["people.csv: 2 imported, 0 updated, 0 unchanged, 2 rejected"], "\(result)")
        #expect(result.stderrLines.count == 2, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("people.csv:4: ") == true, "\(result)")
        #expect(result.stderrLines.first?.contains("carriage return") == true, "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("people.csv:4: this is the rest of the row on line 4") == true, "\(result)")
        #expect(try workspace.sqlite("SELECT email FROM contact ORDER BY email") == "ann@acme.example\nbob@acme.example\n")
        #expect(try workspace.sqlite("SELECT json_extract(custom_fields, '$.notes') FROM contact WHERE email = 'ann@acme.example'")
            == "He said \"hi\"\nagain\n")
    }

    @Test func aMissingFileIsOneLineOnStderrAndAFailure() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()

        for kind in ["contacts", "events"] {
            let result = try workspace.nurture("import", kind, "no-such-file.csv", "--db", workspace.db)
            expectNoCrash(result)
            #expect(result.status != 0, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("nurture: ") == true, "\(result)")
            #expect(result.stderr.contains("no-such-file.csv"), "\(result)")
        }
        let after = try workspace.snapshot()
        #expect(after.counts == before.counts)
        #expect(after.dump == before.dump)
    }

    @Test func anEventForAnUnknownContactIsARejectedRow() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let eventsBefore = try workspace.count("event")
        try workspace.write("more.csv", """
            email,type,at,content
            stranger@elsewhere.example,content_downloaded,2026-11-22T10:00:00Z,ebook-dashboard-design
            olivia.bennett@brightwave.example,content_downloaded,2026-11-22T16:00:00Z,ebook-dashboard-design

            """)
        let result = try workspace.nurture("import", "events", "more.csv", "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == ["more.csv: 1 imported, 0 updated, 0 unchanged, 1 rejected"])
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("more.csv:2: ") == true, "\(result)")
        #expect(result.stderr.contains("stranger@elsewhere.example"), "\(result)")
        #expect(try workspace.count("event") == eventsBefore + 1)
    }

    @Test func eventsAsJSONLinesAreImportedLikeCSV() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let eventsBefore = try workspace.count("event")
        try workspace.write("more.jsonl", """
            {"email":"olivia.bennett@brightwave.example","type":"content_downloaded","at":"2026-11-22T16:00:00Z","content":"ebook-dashboard-design"}
            {"email":"nobody@elsewhere.example","type":"form_submitted","at":"2026-11-22T16:00:00Z"}

            """)
        let result = try workspace.nurture("import", "events", "more.jsonl", "--db", workspace.db)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == ["more.jsonl: 1 imported, 0 updated, 0 unchanged, 1 rejected"])
        #expect(result.stderrLines.first?.hasPrefix("more.jsonl:2: ") == true, "\(result)")
        #expect(try workspace.count("event") == eventsBefore + 1)
    }

    @Test func importingEventsNeedsAStoreAndDoesNotCreateOne() throws {
        let workspace = try Workspace()
        let result = try workspace.nurture("import", "events", Workspace.eventsCSV, "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status != 0, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("nurture: ") == true)
        #expect(result.stderr.contains(workspace.db))
        #expect(!workspace.exists(workspace.db))
    }

    @Test func aContactsFileWithoutAnEmailColumnImportsNothing() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        try workspace.write("no-email.csv", "first_name,company\nAnn,Acme\n")
        let result = try workspace.nurture("import", "contacts", "no-email.csv", "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status != 0, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("nurture: ") == true, "\(result)")
        let after = try workspace.snapshot()
        #expect(after.counts == before.counts)
        #expect(after.dump == before.dump)
    }

    /// A contact with a time zone that does not exist is imported with a warning naming the line, so its
    /// events import too, and the plan uses the campaign's zone and says so.
    @Test func anUnknownTimeZoneIsAWarningNotARejection() throws {
        let workspace = try Workspace()
        let contacts = try workspace.write("people.csv", "email,first_name,stage,timezone\nzed@mars.example,Zed,prospect,Mars/Olympus\n")
        let events = try workspace.write("events.csv", "email,type,at\nzed@mars.example,page_viewed,2026-11-22T10:00:00Z\n")
        let imported = try workspace.nurture("import", "contacts", contacts, "--db", workspace.db)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdoutLines == ["\(contacts): 1 imported, 0 updated, 0 unchanged, 0 rejected"], "\(imported)")
        #expect(imported.stderrLines == ["\(contacts):2: warning: unknown time zone 'Mars/Olympus' (expected an IANA name such as Europe/Paris): imported; campaigns use their own time zone for this contact"], "\(imported)")
        let eventsResult = try workspace.nurture("import", "events", events, "--db", workspace.db)
        #expect(eventsResult.stdoutLines == ["\(events): 1 imported, 0 updated, 0 unchanged, 0 rejected"], "\(eventsResult)")
        #expect(try workspace.sqlite("SELECT timezone FROM contact").trimmingCharacters(in: .whitespacesAndNewlines) == "Mars/Olympus")
        let plan = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", "2026-11-23T03:00:00Z", "--db", workspace.db)
        #expect(plan.status == 0, "\(plan)")
        #expect(plan.stdout.contains("(unknown time zone 'Mars/Olympus'; using the campaign's Europe/London)"), "\(plan.stdout)")
    }
}
