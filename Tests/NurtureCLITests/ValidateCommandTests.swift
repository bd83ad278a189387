import Foundation
import Testing

/// `nurture validate`: `file:line: message` for every problem, exit status 1 when there is any.
struct ValidateCommandTests {
    /// `file:line: message`
    static func isProblemLine(_ line: String, file: String) -> Bool {
        guard line.hasPrefix(file + ":") else { return false }
        let rest = line.dropFirst(file.count + 1)
        let digits = rest.prefix { $0.isNumber }
        return !digits.isEmpty && rest.dropFirst(digits.count).hasPrefix(": ") && rest.count > digits.count + 2
    }

    /// The shipped campaign, copied into the workspace with its own copy of the templates, for editing.
    static func copyShippedCampaign(into workspace: Workspace) throws -> String {
        let templates = workspace.directory.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Workspace.templates), to: templates)
        let yaml = try Workspace.sampleCampaignText()
        #expect(yaml.contains("templates: ../templates\n"))
        return try workspace.write("campaign.yaml", yaml.replacingOccurrences(of: "templates: ../templates\n", with: "templates: templates\n"))
    }

    @Test func theShippedCampaignIsValid() throws {
        let workspace = try Workspace()
        let result = try workspace.nurture("validate", Workspace.campaign)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderrLines == ["\(Workspace.campaign): ok"])
    }

    @Test func withoutArgumentsItChecksCampaignsInTheCurrentFolder() throws {
        let result = try CLI.run(["validate"], in: CLI.packageRoot)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("campaigns/lead-nurture.yaml: ok"), "\(result)")

        let empty = try Workspace()
        let none = try empty.nurture("validate")
        expectNoCrash(none)
        #expect(none.status != 0)
        #expect(none.stderrLines.count == 1, "\(none)")
        #expect(none.stderrLines.first?.hasPrefix("nurture: ") == true, "\(none)")
    }

    @Test func everyProblemIsAFileLineMessageLine() throws {
        let workspace = try Workspace()
        try workspace.write("broken.yaml", """
            version: 1
            name: Bad Name
            templates: \(Workspace.templates)
            sender:
              name: X
              email: x@y.example
              postal_address: 1 Somewhere Street
            catalog:
              - id: e1
                title: E1
                kind: ebook
                url: https://y.example/e1
                topics: [a]
            steps:
              - id: thank-you
                kind: thank_you
                template: thank-you
                when:
                  trigger:
                    events: [content_downloaded]
                    within: -3d
              - id: demo
                kind: demo_offer
                template: demo-offer
                when:
                  stages: [lead]
                colour: blue

            """)
        let result = try workspace.nurture("validate", "broken.yaml")
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        let lines = result.stdoutLines
        #expect(lines.count >= 4, "\(result)")
        for line in lines { #expect(Self.isProblemLine(line, file: "broken.yaml"), "not file:line: message: \(line)") }
        func problem(at line: Int, mentioning text: String) -> Bool {
            lines.contains { $0.hasPrefix("broken.yaml:\(line): ") && $0.contains(text) }
        }
        #expect(problem(at: 2, mentioning: "Bad Name"), "\(lines)")
        #expect(problem(at: 21, mentioning: "-3d"), "\(lines)")
        #expect(lines.contains { $0.contains("prospect") && $0.contains("lead") }, "a demo offer to leads is refused: \(lines)")
        #expect(problem(at: 27, mentioning: "colour"), "\(lines)")
        // Warnings (here: no HTTPS unsubscribe link) are shown too, and not counted as problems.
        #expect(lines.contains { $0.contains(": warning: sender has no unsubscribe_url") }, "\(lines)")
        #expect(result.stderrLines.last == "\(lines.filter { !$0.contains(": warning: ") }.count) problems found", "\(result)")
    }

    @Test func aMissingTemplateIsReportedAtTheStepsTemplateLine() throws {
        let workspace = try Workspace()
        let campaign = try Self.copyShippedCampaign(into: workspace)
        var yaml = try String(contentsOfFile: campaign, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "template: demo-offer\n", with: "template: demo-offre\n")
        try workspace.write("campaign.yaml", yaml)
        let line = try #require(yaml.components(separatedBy: "\n").firstIndex { $0.contains("template: demo-offre") }) + 1

        let result = try workspace.nurture("validate", "campaign.yaml")
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdoutLines.count == 1, "\(result)")
        #expect(result.stdoutLines.first?.hasPrefix("campaign.yaml:\(line): ") == true, "\(result)")
        #expect(result.stdout.contains("demo-offre"))
        #expect(result.stderrLines.last == "1 problem found")
    }

    /// A campaign with its own problems still has its templates checked: every problem in one go.
    @Test func templateProblemsAreReportedAlongsideCampaignProblems() throws {
        let workspace = try Workspace()
        let campaign = try Self.copyShippedCampaign(into: workspace)
        var yaml = try String(contentsOfFile: campaign, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "template: demo-offer\n", with: "template: demo-offre\n")
        yaml = yaml.replacingOccurrences(of: "after_last_email: 3d", with: "after_last_email: -3d")
        try workspace.write("campaign.yaml", yaml)
        let result = try workspace.nurture("validate", "campaign.yaml")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("is negative (-3d)"), "\(result)")
        #expect(result.stdout.contains("no template 'demo-offre'"), "\(result)")
    }

    @Test func anUnknownTemplateVariableIsReportedInTheTemplateFile() throws {
        let workspace = try Workspace()
        _ = try Self.copyShippedCampaign(into: workspace)
        let template = workspace.path("templates/thank-you.text.mustache")
        let text = try String(contentsOfFile: template, encoding: .utf8)
        let line = text.components(separatedBy: "\n").count
        try Data((text + "P.S. {{favourite_colour}}\n").utf8).write(to: URL(fileURLWithPath: template))

        let result = try workspace.nurture("validate", "campaign.yaml")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdoutLines.count == 1, "\(result)")
        let problem = try #require(result.stdoutLines.first)
        #expect(problem.contains("unknown variable 'favourite_colour'"), "\(problem)")
        #expect(problem.contains("templates/thank-you.text.mustache:\(line): "), "\(problem), in \(template)")

        // The campaign as shipped is untouched by the copy and still valid.
        #expect(try workspace.nurture("validate", Workspace.campaign).status == 0)
    }

    /// A contact field in an `href` is a warning with its line (each message is checked as it renders and
    /// skipped on a bad scheme), not a failure; a catalog link in an `href` is fine.
    @Test func aContactFieldInAURLAttributeIsAWarningWithItsLine() throws {
        let workspace = try Workspace()
        _ = try Self.copyShippedCampaign(into: workspace)
        let template = workspace.path("templates/thank-you.html.mustache")
        let text = try String(contentsOfFile: template, encoding: .utf8)
        let line = text.components(separatedBy: "\n").count
        try Data((text + "<p><a href=\"{{company}}\">Your site</a> <img\n src='{{ job_title }}'> <a href=\"{{item.url}}\">ok</a></p>\n").utf8)
            .write(to: URL(fileURLWithPath: template))

        let result = try workspace.nurture("validate", "campaign.yaml")
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines == [
            "\(template):\(line): warning: contact field 'company' is put into a href attribute: a contact whose value is not an http, https or mailto URL is skipped with the reason; prefer a catalog or sender link",
            "\(template):\(line + 1): warning: contact field 'job_title' is put into a src attribute: a contact whose value is not an http, https or mailto URL is skipped with the reason; prefer a catalog or sender link",
        ], "\(result)")
        #expect(result.stderrLines == ["campaign.yaml: ok (2 warnings)"], "\(result)")
    }

    @Test func aTemplateOverTheSizeLimitFailsValidationInOneLine() throws {
        let workspace = try Workspace()
        _ = try Self.copyShippedCampaign(into: workspace)
        let template = workspace.path("templates/thank-you.text.mustache")
        let text = try String(contentsOfFile: template, encoding: .utf8)
        try Data((text + String(repeating: "{{first_name}} {{company}}\n", count: 6_000)).utf8).write(to: URL(fileURLWithPath: template))
        let result = try workspace.nurture("validate", "campaign.yaml")
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdoutLines.count == 1, "\(result)")
        #expect(result.stdoutLines.first?.hasPrefix("\(template): the template is ") == true, "\(result)")
        #expect(result.stdoutLines.first?.contains("may be at most 128 KiB") == true, "\(result)")
    }

    @Test func twoStepsWaitingForEachOtherFailValidation() throws {
        let workspace = try Workspace()
        let file = try Self.copyShippedCampaign(into: workspace)
        var yaml = try String(contentsOfFile: file, encoding: .utf8)
        yaml += """

              - id: nudge-a
                kind: email
                template: related-content
                when:
                  after_step: nudge-b
              - id: nudge-b
                kind: email
                template: related-content
                when:
                  after_step: nudge-a

            """
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try workspace.nurture("validate", file)
        expectNoCrash(result)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdoutLines.contains { Self.isProblemLine($0, file: file) && $0.contains("'nudge-a' (line ") && $0.contains("→ 'nudge-b' (line ") }, "\(result)")
    }
}
