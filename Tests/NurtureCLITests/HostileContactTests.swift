import Foundation
import Testing

/// Contact data is data: it is shown, never re-read as a template, never becomes markup in HTML and
/// never adds a header. Imported and previewed end to end, read back with Python's `email` package.
struct HostileContactTests {
    static let expectedHeaders = [
        "From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "X-Nurture-Campaign",
        "X-Nurture-Step", "List-Unsubscribe", "List-Unsubscribe-Post", "List-ID", "Feedback-ID", "Content-Type",
    ]

    @Test func hostileFieldsAreShownAsTextAndEscapedInHTML() throws {
        let workspace = try Workspace()
        try workspace.write("hostile.csv", "email,first_name,last_name,company,stage,timezone,notes\n"
            + "eve@hostile.example,{{unsubscribe_url}},Doe,<script>alert(1)</script> & Co,prospect,Europe/London,"
            + "\"line one\nBcc: victim@elsewhere.example\"\n")
        let imported = try workspace.nurture("import", "contacts", "hostile.csv", "--db", workspace.db)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdoutLines == ["hostile.csv: 1 imported, 0 updated, 0 unchanged, 0 rejected"], "\(imported)")

        let out = workspace.path("preview")
        let result = try workspace.nurture("preview", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first == "1 message rendered (demo-offer 1)", "\(result)")

        let report = try EMLInspector.inspect(directory: out)
        let message = try #require(report.messages.first)
        #expect(report.messages.count == 1)
        #expect(message.problems == [], "Python \(report.python)")
        #expect(message.headerNames == Self.expectedHeaders, "no header may be added by contact data")
        #expect(message.header("Bcc").isEmpty)
        #expect(message.to_addr == "eve@hostile.example")
        #expect(message.header("To").count == 1)

        let text = try #require(message.part("text/plain"))
        #expect(text.contains("Hi {{unsubscribe_url}},"), "the first name is shown as written:\n\(text)")
        #expect(text.contains("<script>alert(1)</script> & Co"), "text parts show values as they are")
        let html = try #require(message.part("text/html"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), "\(html)")
        #expect(!html.contains("<script>"))
        #expect(html.contains("{{unsubscribe_url}}"), "the first name is shown as text in HTML too")
        // The real unsubscribe link is in the footer, once per part, not where the name is.
        let unsubscribe = try #require(message.header("List-Unsubscribe").first)
        #expect(!text.contains("Hi \(unsubscribe.dropFirst().dropLast())"))

        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(!index.contains("<script>"), "index.html never lets contact data become markup")
        #expect(index.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
    }

    @Test func aLineBreakInANameIsRejectedAtImport() throws {
        let workspace = try Workspace()
        try workspace.write("hostile.csv", "email,first_name,last_name,company,stage\n"
            + "eve@hostile.example,Eve,\"Doe\r\nBcc: victim@elsewhere.example\",Acme,lead\n"
            + "mallory@hostile.example,Mallory,Doe,\"Acme\nBcc: victim@elsewhere.example\",prospect\n"
            + "fine@hostile.example,Fine,Doe,Acme,prospect\n")
        let result = try workspace.nurture("import", "contacts", "hostile.csv", "--db", workspace.db)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == ["hostile.csv: 1 imported, 0 updated, 0 unchanged, 2 rejected"], "\(result)")
        #expect(result.stderrLines.count == 2, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("hostile.csv:2: ") == true, "\(result)")
        #expect(result.stderrLines.first?.contains("last_name") == true, "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("hostile.csv:4: ") == true, "\(result)")
        #expect(result.stderrLines.last?.contains("company") == true, "\(result)")
        #expect(try workspace.count("contact") == 1)
    }

    @Test func aCustomFieldWithALineBreakInTheSubjectRefusesTheEmail() throws {
        let workspace = try Workspace()
        _ = try ValidateCommandTests.copyShippedCampaign(into: workspace)
        try workspace.write("templates/demo-offer.subject.mustache", "A walkthrough for {{notes}}\n")
        try workspace.write("hostile.csv", "email,first_name,company,stage,timezone,notes\n"
            + "eve@hostile.example,Eve,Acme,prospect,Europe/London,\"line one\nBcc: victim@elsewhere.example\"\n"
            + "ok@hostile.example,Olga,Acme,prospect,Europe/London,Acme's data team\n")
        #expect(try workspace.nurture("import", "contacts", "hostile.csv", "--db", workspace.db).status == 0)

        let out = workspace.path("preview")
        let result = try workspace.nurture("preview", "--campaign", "campaign.yaml", "--at", Workspace.at, "--db", workspace.db, "--out", out)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first == "1 message rendered (demo-offer 1)", "\(result)")
        #expect(result.stdout.contains("1 skipped:"), "\(result)")
        #expect(result.stdoutLines.contains { $0.hasPrefix("  eve@hostile.example: ") }, "\(result)")

        let report = try EMLInspector.inspect(directory: out)
        #expect(report.messages.map(\.to_addr) == ["ok@hostile.example"])
        let message = try #require(report.messages.first)
        #expect(message.problems == [])
        #expect(message.subject == "A walkthrough for Acme's data team")
        #expect(message.headerNames == Self.expectedHeaders)
        for message in report.messages { #expect(message.header("Bcc").isEmpty) }
    }

    /// A contact's field that lands in a link must be a web or mail URL: a `javascript:`, `data:` or
    /// `vbscript:` one skips that contact's message with a reason, and nothing else changes.
    @Test(arguments: ["javascript:alert(document.cookie)", " JAVA\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"])
    func aScriptURLInAContactFieldNeverReachesALink(url: String) throws {
        let workspace = try Workspace()
        let campaign = try ValidateCommandTests.copyShippedCampaign(into: workspace)
        let template = workspace.directory.appendingPathComponent("templates/demo-offer.html.mustache")
        var html = try String(contentsOf: template, encoding: .utf8)
        html += "\n{{#website}}<p><a href=\"{{website}}\">Your site</a></p>{{/website}}\n"
        try html.write(to: template, atomically: true, encoding: .utf8)
        let quoted = "\"" + url.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try workspace.write("people.csv", "email,first_name,stage,timezone,website\n"
            + "eve@hostile.example,Eve,prospect,Europe/London,\(quoted)\n"
            + "sam@fine.example,Sam,prospect,Europe/London,https://fine.example/\n")
        #expect(try workspace.nurture("import", "contacts", "people.csv", "--db", workspace.db).status == 0)
        let out = workspace.path("preview")
        let result = try workspace.nurture("preview", "--campaign", campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first == "1 message rendered (demo-offer 1)", "\(result)")
        #expect(result.stdout.contains("eve@hostile.example: ") && result.stdout.contains("href would hold a URL that is not http, https or mailto (from 'website')"), "\(result)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 1 && files.first?.hasSuffix("sam@fine.example.eml") == true, "\(files)")
    }
}
