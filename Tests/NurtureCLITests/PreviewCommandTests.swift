import Foundation
import Testing

/// `nurture preview`: the exact messages a run would send, as .eml files read back by Python's
/// `email` package, plus an index.html; nothing sent, nothing recorded.
struct PreviewCommandTests {
    func preview(_ workspace: Workspace, out: String, _ extra: String...) throws -> CLI.Result {
        let result = try workspace.nurture(["preview", "--campaign", Workspace.campaign, "--at", Workspace.at,
                                            "--db", workspace.db, "--out", out] + extra)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        return result
    }

    func sends(_ workspace: Workspace) throws -> [[String: Any]] {
        let plan = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--format", "json")
        #expect(plan.status == 0, "\(plan)")
        return try JSONLines.objects(plan.stdout).filter { $0.string("decision") == "send" }
    }

    func emlFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }.sorted()
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func writesOneWellFormedMessagePerSendDecision() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let sends = try sends(workspace)
        #expect(sends.count > 10)
        let out = workspace.path("preview")
        let result = try preview(workspace, out: out)

        let files = try emlFiles(out)
        #expect(files.count == sends.count)
        #expect(workspace.exists(out + "/index.html"))

        let report = try EMLInspector.inspect(directory: out)
        #expect(report.messages.count == sends.count)
        #expect(Set(report.messages.compactMap(\.to_addr)) == Set(sends.compactMap { $0.string("contact") }))
        var messageIDs: Set<String> = []
        for message in report.messages {
            #expect(message.problems == [], "\(message.file) (Python \(report.python))")
            #expect(!(message.subject ?? "").trimmingCharacters(in: .whitespaces).isEmpty, "\(message.file)")
            #expect(message.content_type == "multipart/alternative", "\(message.file)")
            #expect(message.parts.map(\.type) == ["text/plain", "text/html"], "\(message.file)")
            let id = try #require(message.message_id, "\(message.file) has no Message-ID")
            #expect(id.hasPrefix("<") && id.hasSuffix(">") && id.contains("@"), "\(id)")
            messageIDs.insert(id)
            // The file is named after the recipient, and the recipient is the plan's contact for that step.
            let to = try #require(message.to_addr)
            #expect(message.file.hasSuffix("-\(to).eml"), "\(message.file) vs \(to)")
            let step = try #require(sends.first { $0.string("contact") == to }?.string("step"))
            #expect(message.file.contains("-\(step)-"), "\(message.file) should be the \(step) of \(to)")
            #expect(message.header("X-Nurture-Step") == [step], "\(message.file)")
            // One-click unsubscribe (RFC 8058) on every message, and a visible link in the text.
            #expect(message.header("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"], "\(message.file)")
            // The signed HTTPS link first, then the mailto (RFC 2369); the text shows the same HTTPS link.
            let unsubscribe = try #require(message.header("List-Unsubscribe").first)
            let uris = unsubscribe.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(uris.count == 2 && uris[0].hasPrefix("<https://") && uris[0].contains("?t=") && uris[1].hasPrefix("<mailto:"), "\(unsubscribe)")
            #expect(message.part("text/plain")?.contains(String(uris[0].dropFirst().dropLast())) == true, "\(message.file)")
        }
        #expect(messageIDs.count == report.messages.count, "Message-IDs are unique")

        // The summary counts per step, as the plan has them.
        var perStep: [String: Int] = [:]
        for send in sends { perStep[send.string("step") ?? "?", default: 0] += 1 }
        let first = try #require(result.stdoutLines.first)
        #expect(first.hasPrefix("\(sends.count) messages rendered ("), "\(first)")
        for (step, count) in perStep { #expect(first.contains("\(step) \(count)"), "\(first) lacks \(step) \(count)") }
        #expect(result.stdoutLines.contains { $0.hasPrefix("plan: 51 contacts: \(sends.count) send") }, "\(result)")
        #expect(result.stdoutLines.last == "open \(out)/index.html")
    }

    @Test func theIndexListsEverySubjectEscaped() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let out = workspace.path("preview")
        _ = try preview(workspace, out: out)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let report = try EMLInspector.inspect(directory: out)
        #expect(!report.messages.isEmpty)
        for message in report.messages {
            let subject = try #require(message.subject)
            #expect(index.contains(Self.escapeHTML(subject)), "index.html lacks \(subject)")
            #expect(index.contains("href=\"\(Self.escapeHTML(message.file))\""), "index.html does not link \(message.file)")
        }
        // One of the example subjects has an apostrophe ("Doesn't"): it is escaped, as every value is.
        #expect(report.messages.contains { $0.subject?.contains("'") == true })
        #expect(!index.contains("Doesn't Break</h2>"))
    }

    @Test func twoPreviewsAtTheSameTimeAreByteIdentical() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let first = workspace.path("first")
        let second = workspace.path("second")
        _ = try preview(workspace, out: first)
        _ = try preview(workspace, out: second)
        let names = try emlFiles(first)
        #expect(!names.isEmpty)
        #expect(try emlFiles(second) == names)
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))
            #expect(a == b, "\(name) differs between two previews")
        }
        let ids = try EMLInspector.inspect(directory: first).messages.map(\.message_id)
        #expect(try EMLInspector.inspect(directory: second).messages.map(\.message_id) == ids)
    }

    @Test func previewChangesNothingInTheStore() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        _ = try preview(workspace, out: workspace.path("preview"))
        let after = try workspace.snapshot()
        #expect(after.counts == before.counts)
        #expect(after.counts["message"] == 0, "nothing recorded as sent")
        #expect(after.dump == before.dump)
    }

    @Test func stalePreviewFilesAreRemovedAndOneContactCanBePreviewed() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let out = workspace.path("preview")
        #expect(try preview(workspace, out: out).status == 0)
        #expect(try emlFiles(out).count > 1)
        let email = "dana.whitfield@acme-robotics.example"
        let result = try preview(workspace, out: out, "--contact", email)
        #expect(result.stdoutLines.first == "1 message rendered (thank-you 1)", "\(result)")
        let files = try emlFiles(out)
        #expect(files == ["0001-thank-you-\(email).eml"])
        let message = try #require(try EMLInspector.inspect(directory: out).messages.first)
        #expect(message.to_addr == email)
        #expect(message.subject?.contains("The Modern Data Stack Playbook") == true, "the thank-you names the download: \(message.subject ?? "")")
        #expect(message.part("text/plain")?.contains("Hi Dana,") == true)
        #expect(message.part("text/plain")?.contains("https://northwind-analytics.example/ebooks/modern-data-stack") == true,
                "the thank-you delivers what was promised")
    }

    /// A folder with files nurture did not write is refused, and nothing in it is deleted; files a user adds
    /// beside an earlier preview are kept.
    @Test func previewNeverDeletesWhatItDidNotWrite() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let out = workspace.path("mail")
        let mine = try workspace.write("mail/my-draft.eml", "mine")
        let refused = try workspace.nurture("preview", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out)
        expectNoCrash(refused)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderrLines.count == 1 && refused.stderr.contains("is not empty and holds no earlier preview"), "\(refused)")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "mine")
        #expect(!workspace.exists(out + "/index.html"))

        let fresh = workspace.path("fresh")
        #expect(try preview(workspace, out: fresh).status == 0)
        let kept = try workspace.write("fresh/notes.eml", "kept")
        #expect(try preview(workspace, out: fresh, "--contact", "dana.whitfield@acme-robotics.example").status == 0)
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "kept")
        #expect(try emlFiles(fresh).sorted() == ["0001-thank-you-dana.whitfield@acme-robotics.example.eml", "notes.eml"])
    }

    @Test func aFailedPreviewKeepsTheLastOne() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let out = workspace.path("preview")
        #expect(try preview(workspace, out: out).status == 0)
        let before = try emlFiles(out)
        #expect(!before.isEmpty)
        let failed = try workspace.nurture(["preview", "--campaign", Workspace.campaign, "--at", Workspace.at,
                                            "--db", workspace.db, "--out", out, "--contact", "nobody@nowhere.example"])
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stderr.contains("no contact nobody@nowhere.example"), "\(failed)")
        #expect(try emlFiles(out) == before)
    }

    @Test func previewWithoutAStoreFailsAndWritesNothing() throws {
        let workspace = try Workspace()
        let out = workspace.path("preview")
        let result = try workspace.nurture("preview", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out)
        expectNoCrash(result)
        #expect(result.status != 0)
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("nurture: ") == true)
        #expect(!workspace.exists(workspace.db))
        #expect(!workspace.exists(out + "/index.html"))
    }
}
