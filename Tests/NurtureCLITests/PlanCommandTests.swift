import Foundation
import Testing

/// `nurture plan`: one decision per contact, as a table or JSON Lines, following DOMAIN.md's rules.
struct PlanCommandTests {
    static let keys: Set<String> = ["campaign", "contact", "stage", "decision", "step", "kind", "content", "at", "reason", "held_by", "score"]

    func planJSON(_ workspace: Workspace, _ extra: String...) throws -> [[String: Any]] {
        let result = try workspace.nurture(["plan", "--campaign", Workspace.campaign, "--at", Workspace.at,
                                            "--db", workspace.db, "--format", "json"] + extra)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "", "\(result)")
        return try JSONLines.objects(result.stdout)
    }

    func row(_ rows: [[String: Any]], _ email: String) throws -> [String: Any] {
        try #require(rows.first { $0.string("contact") == email }, "no plan row for \(email)")
    }

    @Test func theTableHasAHeaderOneRowPerContactAndASummary() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let data = try ExampleData.load()
        let result = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        let lines = result.stdoutLines
        try #require(lines.count == data.contacts.count + 3, "\(result)")
        let header = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        #expect(header == ["CONTACT", "STAGE", "SCORE", "DECISION", "STEP", "CONTENT", "AT", "REASON"])
        let rows = Array(lines[1...data.contacts.count])
        #expect(rows.map { String($0.prefix { $0 != " " }) } == data.contacts.map(\.email), "one row per contact, in import order")
        // Aligned: every row's decision starts under DECISION.
        let decisionColumn = try #require(lines[0].range(of: "DECISION")).lowerBound.utf16Offset(in: lines[0])
        for row in rows {
            let decision = row.dropFirst(decisionColumn).prefix(4)
            #expect(["send", "wait", "done", "skip"].contains(String(decision)), "misaligned: \(row)")
        }
        #expect(lines[data.contacts.count + 1] == "")

        let json = try planJSON(workspace)
        var counts: [String: Int] = [:]
        for row in json { counts[row.string("decision") ?? "?", default: 0] += 1 }
        let summary = lines[data.contacts.count + 2]
        #expect(summary.hasPrefix("\(data.contacts.count) contacts: \(counts["send", default: 0]) send ("), "\(summary)")
        #expect(summary.contains("\(counts["wait", default: 0]) wait, \(counts["done", default: 0]) done, \(counts["skip", default: 0]) skip"), "\(summary)")
        var perStep: [String: Int] = [:]
        for row in json where row.string("decision") == "send" { perStep[row.string("step") ?? "?", default: 0] += 1 }
        for (step, count) in perStep { #expect(summary.contains("\(step) \(count)"), "\(summary) lacks \(step) \(count)") }
    }

    @Test func jsonIsOneObjectPerContactWithTheDocumentedKeys() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let data = try ExampleData.load()
        let rows = try planJSON(workspace)
        #expect(rows.map { $0.string("contact") ?? "" } == data.contacts.map(\.email))
        for row in rows {
            #expect(Set(row.keys) == Self.keys, "\(row)")
            // The qualified stage: the contacts file's, or a rung above it (the sample campaign scores).
            #expect(ExampleData.rank(row.string("stage")) >= ExampleData.rank(data.stage(of: row.string("contact") ?? "")), "\(row)")
            #expect(row["score"] is Int, "\(row)")
            #expect(!(row.string("reason") ?? "").isEmpty, "every decision says why: \(row)")
            switch row.string("decision") {
            case "send", "wait":
                #expect(row.string("step") != nil && row.string("kind") != nil && row.string("at") != nil, "\(row)")
                if let at = row.string("at") { #expect(ISO8601DateFormatter().date(from: at) != nil, "\(row)") }
            case "done", "skip":
                for key in ["step", "kind", "content", "at"] { #expect(row.isNull(key), "\(key) should be null: \(row)") }
            default:
                Issue.record("unknown decision in \(row)")
            }
        }
    }

    @Test func theDecisionsFollowTheNurtureRules() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let data = try ExampleData.load()
        let now = Date.iso(Workspace.at)
        let rows = try planJSON(workspace)
        let exited = data.exited(before: now)
        let converted = data.converted(within: 7, before: now)

        // Customers have left the nurture: a person takes over.
        let customers = data.contacts.filter { $0.stage == "customer" }
        #expect(!customers.isEmpty)
        for customer in customers { #expect(try row(rows, customer.email).string("decision") == "done", "\(customer.email)") }

        // Unsubscribed, bounced, complained, replied or asked for a demo: done, never another email.
        #expect(exited.count >= 5)
        for email in exited { #expect(try row(rows, email).string("decision") == "done", "\(email)") }

        // The prospect who requested a demo is done.
        let demoRequesters = Set(data.events.filter { $0.type == "demo_requested" }.map(\.email))
        #expect(demoRequesters.contains { data.stage(of: $0) == "prospect" })
        for email in demoRequesters { #expect(try row(rows, email).string("decision") == "done") }

        // Prospects still in the nurture: a thank-you first after a recent conversion, else the demo offer.
        let activeProspects = data.contacts.filter { $0.stage == "prospect" && !exited.contains($0.email) }
        #expect(activeProspects.count >= 4)
        for prospect in activeProspects {
            let plan = try row(rows, prospect.email)
            // A demo offer due in the contact's quiet hours waits for the window, and says so.
            if plan.string("decision") == "wait" {
                #expect(plan.string("held_by") == "quiet_hours", "\(plan)")
                #expect(plan.string("reason")?.contains("quiet hours in ") == true, "\(plan)")
            } else {
                #expect(plan.string("decision") == "send", "\(plan)")
            }
            #expect(plan.string("step") == (converted.contains(prospect.email) ? "thank-you" : "demo-offer"), "\(plan)")
        }

        // Treating every lead as ready to buy is the costliest mistake: no demo offer below prospect.
        for plan in rows where plan.string("stage") != "prospect" {
            #expect(plan.string("step") != "demo-offer", "\(plan)")
            #expect(plan.string("kind") != "demo_offer", "\(plan)")
        }
    }

    @Test func aDownloadThisMorningIsThankedAtOnceNamingTheItem() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let data = try ExampleData.load()
        let now = Date.iso(Workspace.at)
        let rows = try planJSON(workspace)
        let midnight = Date.iso("2026-11-23T00:00:00Z")
        let today = data.events.filter {
            $0.type == "content_downloaded" && $0.at <= now && $0.at >= midnight && !data.exited(before: now).contains($0.email)
        }
        #expect(today.count == 1)
        let download = try #require(today.first, "the examples have a download on the morning of \(Workspace.at)")
        #expect(download.email == "dana.whitfield@acme-robotics.example")
        let plan = try row(rows, download.email)
        #expect(plan.string("decision") == "send")
        #expect(plan.string("step") == "thank-you")
        #expect(plan.string("kind") == "thank_you")
        #expect(plan.string("content") == download.content)
        // The reason names the item by its catalog title.
        #expect(plan.string("reason")?.contains("The Modern Data Stack Playbook") == true, "\(plan)")
        let due = try #require(plan.string("at").flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(due <= now, "a thank-you never waits: due \(due)")
    }

    @Test func nobodyIsInvitedToAWebinarTheyRegisteredFor() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let data = try ExampleData.load()
        let rows = try planJSON(workspace)
        let registrations = data.events.filter { $0.type == "webinar_registered" }
        #expect(!registrations.isEmpty)
        for registration in registrations {
            let plan = try row(rows, registration.email)
            #expect(!(plan.string("step") == "webinar-invite" && plan.string("content") == registration.content), "\(plan)")
        }
    }

    @Test func contactSelectsOneRow() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let email = "rachel.green@summit-saas.example"
        let rows = try planJSON(workspace, "--contact", email)
        #expect(rows.count == 1)
        #expect(rows.first?.string("contact") == email)

        let text = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--contact", email)
        #expect(text.status == 0, "\(text)")
        let lines = text.stdoutLines
        #expect(lines.count == 4, "\(text)")
        #expect(lines.dropFirst().first?.hasPrefix(email + " ") == true, "\(text)")
        #expect(lines.last?.hasPrefix("1 contact: ") == true, "\(text)")
    }

    @Test func planWithoutAStoreSaysSoAndCreatesNone() throws {
        let workspace = try Workspace()
        let result = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status != 0)
        #expect(result.stdout == "")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("nurture: ") == true, "\(result)")
        #expect(result.stderr.contains(workspace.db), "names the store it looked for: \(result)")
        #expect(!workspace.exists(workspace.db))
        #expect(!workspace.exists(workspace.db + "-wal"))
    }

    @Test func aGarbageTimeIsRefused() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        for at in ["garbage", "2026-11-23", "2026-11-23T09:00:00"] {
            let result = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", at, "--db", workspace.db)
            expectNoCrash(result)
            #expect(result.status != 0, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderr.contains("--at"), "\(result)")
            #expect(result.stderr.contains(at), "\(result)")
        }
        #expect(try workspace.snapshot() == before)
    }

    @Test func aMissingCampaignFileIsOneLineOnStderr() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let result = try workspace.nurture("plan", "--campaign", "nowhere.yaml", "--at", Workspace.at, "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status != 0)
        #expect(result.stdout == "")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("nurture: ") == true, "\(result)")
        #expect(result.stderr.contains("nowhere.yaml"))
    }

    @Test func planChangesNothingInTheStore() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        _ = try planJSON(workspace)
        let text = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db)
        #expect(text.status == 0)
        #expect(try workspace.snapshot() == before)
    }

    /// A step whose template is missing: plan says the send would be skipped and why, as preview does.
    @Test func aDueStepWithAMissingTemplateIsShownAsSkipped() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let campaign = try ValidateCommandTests.copyShippedCampaign(into: workspace)
        let templates = workspace.directory.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name.hasPrefix("thank-you.") {
            try FileManager.default.removeItem(at: templates.appendingPathComponent(name))
        }
        let result = try workspace.nurture(["plan", "--campaign", campaign, "--at", Workspace.at, "--db", workspace.db, "--format", "json"])
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        let rows = try JSONLines.objects(result.stdout)
        let skipped = rows.filter { ($0.string("reason") ?? "").hasPrefix("thank-you is due but would be skipped: no template named 'thank-you'") }
        #expect(!skipped.isEmpty, "\(result.stdout)")
        #expect(skipped.allSatisfy { $0.string("decision") == "skip" })
        #expect(!rows.contains { $0.string("decision") == "send" && $0.string("step") == "thank-you" })

        let preview = try workspace.nurture("preview", "--campaign", campaign, "--at", Workspace.at, "--db", workspace.db, "--out", workspace.path("p"))
        #expect(preview.stdout.contains("\(skipped.count) skipped:"), "\(preview)")
    }
}
