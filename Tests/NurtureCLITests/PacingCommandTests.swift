import Foundation
import NurtureTestSupport
import Testing

/// Pacing as a user meets it: two campaigns on one store, run at 09:00 and 09:05.
@Suite(.serialized) struct PacingCommandTests {
    /// A second campaign: the sample's catalog and steps under another name (its own ledger key).
    func secondCampaign(_ workspace: Workspace) throws -> String {
        var text = try Workspace.sampleCampaignText()
        text = text.replacingOccurrences(of: "name: lead-nurture", with: "name: partner-nurture")
        text = text.replacingOccurrences(of: "templates: ../templates", with: "templates: \(Workspace.templates)")
        return try workspace.write("partner-nurture.yaml", text)
    }

    /// (recipient, campaign, step) of every message the server took, from each message's Message-ID.
    func deliveries(_ server: TestSMTPServer) throws -> [(to: String, campaign: String, step: String)] {
        try server.received().map { message in
            let text = String(decoding: message.bytes, as: UTF8.self)
            let id = text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("message-id:") } ?? ""
            let parts = id.components(separatedBy: "<n.").last?.components(separatedBy: ".") ?? []
            return (message.rcpt_tos.first ?? "", parts.count > 1 ? parts[0] : "?", parts.count > 1 ? parts[1] : "?")
        }
    }

    @Test func twoCampaignsRunFiveMinutesApartNeverPesterAContact() async throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let partner = try secondCampaign(workspace)
        let server = try await TestSMTPServer(mode: "plain")
        let env = ["NURTURE_SMTP_URL": server.url]
        let first = try workspace.nurture(["run", "--campaign", Workspace.campaign, "--at", "2026-11-23T09:00:00Z", "--db", workspace.db], environment: env)
        expectNoCrash(first)
        #expect(first.status == 0, "\(first)")
        let second = try workspace.nurture(["run", "--campaign", partner, "--at", "2026-11-23T09:05:00Z", "--db", workspace.db], environment: env)
        expectNoCrash(second)
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("held back by pacing: "), "\(second)")
        #expect(second.stdout.contains("minimum gap"), "\(second)")

        let all = try deliveries(server)
        #expect(all.contains { $0.campaign == "lead-nurture" } && all.allSatisfy { $0.campaign != "?" })
        var nurture: [String: Int] = [:]
        var thanks: [String: Int] = [:]
        for delivery in all {
            if delivery.step == "thank-you" { thanks[delivery.to, default: 0] += 1 } else { nurture[delivery.to, default: 0] += 1 }
        }
        // Within minutes, nobody gets two nurture emails, and no conversion is thanked twice.
        #expect(nurture.values.allSatisfy { $0 <= 1 }, "\(nurture.filter { $0.value > 1 })")
        #expect(thanks.values.allSatisfy { $0 <= 1 }, "\(thanks.filter { $0.value > 1 })")
        // A thank-you counts toward the gap: nobody gets a nurture email minutes after one.
        for (contact, _) in thanks { #expect(nurture[contact, default: 0] == 0, "\(contact)") }
    }

    @Test func runningBothTogetherPacesThemWithOneBudgetAndPriority() async throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let partner = try secondCampaign(workspace)
        let server = try await TestSMTPServer(mode: "plain")
        let result = try workspace.nurture(["run", "--campaign", Workspace.campaign, "--campaign", partner, "--at", Workspace.at, "--db", workspace.db],
                                           environment: ["NURTURE_SMTP_URL": server.url])
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        let all = try deliveries(server)
        let perContact = Dictionary(grouping: all, by: \.to)
        for (contact, messages) in perContact {
            #expect(messages.filter { $0.step != "thank-you" }.count <= 1, "\(contact): \(messages)")
            #expect(messages.filter { $0.step == "thank-you" }.count <= 1, "\(contact): \(messages)")
            // A thank-you counts toward the gap: a contact thanked now gets no nurture email in the same run.
            if messages.contains(where: { $0.step == "thank-you" }) { #expect(messages.count == 1, "\(contact): \(messages)") }
        }
        // Equal priority: the names decide, and lead-nurture comes first.
        #expect(all.filter { $0.campaign == "lead-nurture" }.count > all.filter { $0.campaign == "partner-nurture" }.count)
    }

    @Test func planSaysWhyAndInTheContactsLocalTime() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let result = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("waiting: quiet hours in America/Los_Angeles until 08:00 (16:00 UTC)"), "\(result.stdout)")
        #expect(result.stdout.contains("held back by pacing: quiet hours"), "\(result.stdout)")
    }

    @Test func previewOfTwoCampaignsShowsWhatTheJointRunWouldSend() async throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let partner = try secondCampaign(workspace)
        let out = workspace.path("preview")
        let result = try workspace.nurture("preview", "--campaign", Workspace.campaign, "--campaign", partner, "--at", Workspace.at,
                                           "--db", workspace.db, "--out", out)
        #expect(result.status == 0, "\(result)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".eml") }
        // The same messages the joint run sends, each file naming its campaign.
        let server = try await TestSMTPServer(mode: "plain")
        let run = try workspace.nurture(["run", "--campaign", Workspace.campaign, "--campaign", partner, "--at", Workspace.at, "--db", workspace.db],
                                        environment: ["NURTURE_SMTP_URL": server.url])
        #expect(run.status == 0, "\(run)")
        let sent = try deliveries(server)
        #expect(files.count == sent.count)
        for campaign in ["lead-nurture", "partner-nurture"] {
            #expect(files.filter { $0.contains("-\(campaign)-") }.count == sent.filter { $0.campaign == campaign }.count, "\(campaign)")
        }
    }
}
