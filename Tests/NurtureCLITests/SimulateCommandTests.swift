import Foundation
import Testing

/// `nurture simulate`: the campaign played forward day by day; read-only.
struct SimulateCommandTests {
    static let keys: Set<String> = ["campaign", "contact", "day", "step", "kind", "content", "at", "reason", "stage", "score"]
    static let days = 30

    struct Email {
        var contact: String
        var day: Int
        var step: String
        var content: String?
        var at: Date
        /// The contact's qualified stage when the email goes.
        var stage: String?
    }

    func simulate(_ workspace: Workspace) throws -> [Email] {
        let result = try workspace.nurture("simulate", "--campaign", Workspace.campaign, "--days", "\(Self.days)",
                                           "--from", Workspace.at, "--db", workspace.db, "--format", "json")
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        return try JSONLines.objects(result.stdout).map { object in
            #expect(Set(object.keys) == Self.keys, "\(object)")
            #expect(!(object.string("reason") ?? "").isEmpty, "\(object)")
            #expect(object.string("kind") != nil, "\(object)")
            return Email(
                contact: try #require(object.string("contact")),
                day: try #require(object["day"] as? Int),
                step: try #require(object.string("step")),
                content: object.string("content"),
                at: try #require(object.string("at").flatMap { ISO8601DateFormatter().date(from: $0) }),
                stage: object.string("stage")
            )
        }
    }

    @Test func timelinesFollowTheThrottlingRules() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let data = try ExampleData.load()
        let start = Date.iso(Workspace.at)
        let emails = try simulate(workspace)
        #expect(!emails.isEmpty)

        for email in emails {
            #expect((0..<Self.days).contains(email.day), "\(email)")
            // Each email goes at the start or at the paced slot it waited for, inside its day.
            let dayStart = start.addingTimeInterval(Double(email.day) * 86_400)
            #expect(email.at >= dayStart && email.at < dayStart.addingTimeInterval(86_400), "\(email)")
        }
        let byContact = Dictionary(grouping: emails, by: \.contact)
        for (contact, timeline) in byContact {
            let sorted = timeline.sorted { $0.at < $1.at }
            #expect(Set(sorted.map(\.day)).count == sorted.count, "two emails on one day to \(contact): \(sorted.map(\.day))")
            for (previous, next) in zip(sorted, sorted.dropFirst()) {
                // Follow up, don't pester: the campaign's gaps are 2 days, 3 before related content.
                // A thank-you never waits (DOMAIN.md), so it alone may follow the day after.
                let gap = next.at.timeIntervalSince(previous.at)
                if next.step != "thank-you" {
                    #expect(gap >= 2 * 86_400, "\(contact): \(previous.step) then \(next.step) after \(gap / 86_400) days")
                }
                if next.step == "related-content" { #expect(gap >= 3 * 86_400, "\(contact): related content after \(gap / 86_400) days") }
            }
            // Each item at most once per contact.
            let contents = sorted.compactMap(\.content).filter { !$0.isEmpty }
            let repeated = Dictionary(grouping: sorted.filter { $0.step != "thank-you" }.compactMap(\.content), by: { $0 }).filter { $0.value.count > 1 }
            #expect(repeated.isEmpty, "\(contact) gets \(repeated.keys) twice (of \(contents))")
            #expect(sorted.filter { $0.step == "demo-offer" }.count <= 1, "\(contact): one demo offer at most")
        }

        let exited = data.exited(before: start)
        for contact in data.contacts where contact.stage == "customer" || exited.contains(contact.email) {
            #expect(byContact[contact.email] == nil, "\(contact.email) left the nurture but gets \(byContact[contact.email]?.map(\.step) ?? [])")
        }
        for email in emails where email.step == "demo-offer" {
            #expect(email.stage == "prospect", "demo offer to \(email.contact) (\(email.stage ?? "?"))")
        }
        for registration in data.events where registration.type == "webinar_registered" {
            #expect(!emails.contains { $0.contact == registration.email && $0.step == "webinar-invite" && $0.content == registration.content },
                    "\(registration.email) is invited to \(registration.content ?? "") they registered for")
        }
    }

    @Test func aLeadWhoDownloadedTodayIsThankedOnDayZero() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let emails = try simulate(workspace).filter { $0.contact == "dana.whitfield@acme-robotics.example" }
        let first = try #require(emails.first)
        #expect(first.day == 0)
        #expect(first.step == "thank-you")
        #expect(first.content == "ebook-modern-data-stack")
        let second = try #require(emails.dropFirst().first, "the nurture goes on after the thank-you")
        #expect(second.day >= 2, "the next email waits at least the campaign's 2-day gap: \(second)")
        #expect(second.step != "demo-offer", "a lead gets no demo offer")
        #expect(!emails.contains { $0.step == "thank-you" && $0.day > 0 }, "one download is thanked once")
    }

    @Test func theTextFormatEndsWithATotalMatchingTheJSON() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let emails = try simulate(workspace)
        let result = try workspace.nurture("simulate", "--campaign", Workspace.campaign, "--days", "\(Self.days)",
                                           "--from", Workspace.at, "--db", workspace.db)
        #expect(result.status == 0, "\(result)")
        let contacts = Set(emails.map(\.contact)).count
        let last = try #require(result.stdoutLines.last)
        #expect(last.hasPrefix("\(emails.count) emails to \(contacts) of 51 contacts ("), "\(last)")
        // Each block names the contact's qualified stage and score at the start.
        let kate = try #require(result.stdoutLines.firstIndex { $0.hasPrefix("kate.morgan@brightline-retail.example (customer, score ") }, "\(result)")
        #expect(result.stdoutLines[kate + 1].hasPrefix("  end: done: "), "\(result)")
    }

    @Test func simulateChangesNothingInTheStore() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        _ = try simulate(workspace)
        let after = try workspace.snapshot()
        #expect(after.counts == before.counts)
        #expect(after.dump == before.dump)
    }

    @Test func oneDayIsOneRun() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let result = try workspace.nurture("simulate", "--campaign", Workspace.campaign, "--days", "1",
                                           "--from", Workspace.at, "--db", workspace.db, "--format", "json")
        #expect(result.status == 0, "\(result)")
        let days = try JSONLines.objects(result.stdout).compactMap { $0["day"] as? Int }
        #expect(!days.isEmpty)
        #expect(days.allSatisfy { $0 == 0 }, "\(days)")
    }

    @Test func zeroDaysIsRefused() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        for days in ["0", "-1", "3651"] {
            let result = try workspace.nurture("simulate", "--campaign", Workspace.campaign, "--days", days,
                                               "--from", Workspace.at, "--db", workspace.db)
            expectNoCrash(result)
            #expect(result.status != 0, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderr.contains("--days"), "\(result)")
        }
    }
}
