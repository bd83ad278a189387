import Foundation
import NurtureRender
import Testing

/// `problems(knownContactFields:)`, what `nurture validate` shows.
@Suite struct TemplateLibraryProblemsTests {
    static let footerText = "partials/footer.text.mustache"
    static let good: [String: String] = [
        footerText: "{{sender.postal_address}} {{unsubscribe_url}}\n",
        "partials/layout.html.mustache": "<body>{{$content}}{{/content}}<p>{{sender.postal_address}} <a href=\"{{unsubscribe_url}}\">u</a></p></body>",
    ]

    func problems(_ files: [String: String], known: Set<String> = []) throws -> [String] {
        let dir = try RenderFixtures.templateDirectory(Self.good.merging(files) { _, new in new })
        defer { RenderFixtures.remove(dir) }
        return try TemplateLibrary(directory: dir).problems(knownContactFields: known).map {
            TemplateProblem(file: String($0.file.dropFirst(dir.count + 1)), line: $0.line, message: $0.message).description
        }
    }

    @Test func unknownVariableWithFileAndLine() throws {
        let found = try problems([
            "x.subject.mustache": "For {{company}}",
            "x.text.mustache": "Hi\n\n{{compnay}} and {{industry}}\n{{> footer}}",
        ])
        #expect(found == [
            "x.text.mustache:3: unknown variable 'compnay': no contact field or context value has this name",
            "x.text.mustache:3: unknown variable 'industry': no contact field or context value has this name",
        ])
    }

    @Test func knownCustomFieldsAndTheirAliasesAreFine() throws {
        let files = ["x.subject.mustache": "S", "x.text.mustache": "{{industry}} {{lead-source}} {{Lead-Source}}\n{{> footer}}"]
        #expect(try problems(files, known: ["industry", "Lead-Source"]) == [])
        #expect(try problems(["x.subject.mustache": "S", "x.text.mustache": "{{lead_source}}\n{{> footer}}"], known: ["Lead Source"]) == [])
    }

    @Test func namesInsideObjectSectionsResolveAgainstTheObject() throws {
        let files = [
            "x.subject.mustache": "{{#item}}{{title}} {{first_name}}{{/item}}",
            "x.text.mustache": "{{#trigger}}{{#item}}{{url}}{{/item}}{{type}}{{/trigger}}{{item.nonsense}}\n{{> footer}}",
        ]
        #expect(try problems(files) == [
            "x.text.mustache:1: unknown variable 'item.nonsense': no contact field or context value has this name"
        ])
        #expect(try problems(["x.subject.mustache": "{{title}}", "x.text.mustache": "{{> footer}}"]).count == 1)
    }

    @Test func missingPartsAndMissingFooter() throws {
        let found = try problems(["x.html.mustache": "{{<layout}}{{$content}}hi{{/content}}{{/layout}}", "y.subject.mustache": "S", "y.text.mustache": "no footer"])
        #expect(found.contains { $0.hasPrefix("x.html.mustache:1: template 'x' has no subject part") })
        #expect(found.contains { $0.hasPrefix("x.html.mustache:1: template 'x' has no text part") })
        #expect(found.contains("y.text.mustache:1: the text part never shows {{unsubscribe_url}} (directly or through a partial)"))
        #expect(found.contains("y.text.mustache:1: the text part never shows {{sender.postal_address}} (directly or through a partial)"))
        #expect(!found.contains { $0.hasPrefix("x.html.mustache:1: the html part never shows") })
    }

    @Test func tripleMustacheInHTMLIsAProblemButNotInText() throws {
        let found = try problems([
            "x.subject.mustache": "S", "x.text.mustache": "{{{first_name}}}\n{{> footer}}",
            "x.html.mustache": "{{<layout}}{{$content}}\n<p>{{&company}}</p>\n{{/content}}{{/layout}}",
        ])
        #expect(found == ["x.html.mustache:2: 'company' is output unescaped into HTML; use {{company}} so that contact data is escaped"])
    }

    @Test func problemDescription() {
        #expect(TemplateProblem(file: "templates/a.text.mustache", line: 7, message: "m").description == "templates/a.text.mustache:7: m")
    }
}
