import Foundation
import NurtureRender
import Testing

/// Loading: file layout, syntax errors with file and line, partial references.
@Suite struct TemplateLibraryLoadingTests {
    func loadError(_ files: [String: String]) throws -> TemplateError? {
        let dir = try RenderFixtures.templateDirectory(files)
        defer { RenderFixtures.remove(dir) }
        do {
            _ = try TemplateLibrary(directory: dir)
            return nil
        } catch {
            return TemplateError(file: String(error.file.dropFirst(dir.count + 1)), line: error.line, message: error.message)
        }
    }

    @Test func unclosedSectionNamesTheSectionAndItsLine() throws {
        let error = try loadError([
            "x.subject.mustache": "S",
            "x.text.mustache": "Hello\n\n{{#first_name}}Hi {{first_name}},\nbye\n",
        ])
        #expect(error?.description == "x.text.mustache:3: unclosed section 'first_name'")
    }

    @Test func aTemplateOverTheSizeLimitIsRefusedWithItsSize() throws {
        let line = "{{first_name}} {{company}}\n"
        let body = String(repeating: line, count: TemplateLibrary.maximumTemplateBytes / line.utf8.count + 1)
        let error = try loadError(["x.subject.mustache": "S", "x.text.mustache": body])
        #expect(error?.file == "x.text.mustache")
        #expect(error?.line == nil)
        #expect(error?.message.hasPrefix("the template is 129 KiB; a template file may be at most 128 KiB") == true, "\(String(describing: error))")
        // At the limit it loads.
        let fits = String(repeating: line, count: TemplateLibrary.maximumTemplateBytes / line.utf8.count)
        #expect(try loadError(["x.subject.mustache": "S", "x.text.mustache": fits]) == nil)
    }

    @Test func wrongClosingTagIsReportedWhereItIs() throws {
        let error = try loadError(["x.subject.mustache": "S", "x.text.mustache": "a\n{{#company}}\nb\n{{/first_name}}\n"])
        #expect(error?.file == "x.text.mustache")
        #expect(error?.line == 4)
        #expect(error?.message.contains("does not close the open section 'company' (opened on line 2)") == true)
    }

    @Test func malformedTagInHTMLAndSubjectFiles() throws {
        let html = try loadError(["x.subject.mustache": "S", "x.text.mustache": "T", "x.html.mustache": "<p>\n<p>{{first name}}</p>\n"])
        #expect(html?.file == "x.html.mustache")
        #expect(html?.line == 2)
        #expect(html?.message.contains("malformed tag") == true)
        let subject = try loadError(["x.subject.mustache": "Hi {{first_name", "x.text.mustache": "T"])
        #expect(subject?.file == "x.subject.mustache")
        #expect(subject?.line == 1)
    }

    @Test func unknownPartialIsALoadError() throws {
        let error = try loadError(["x.subject.mustache": "S", "x.text.mustache": "T\n{{> footr}}\n"])
        #expect(error?.description == "x.text.mustache:2: unknown partial 'footr' (no partials/footr.text.mustache)")
    }

    @Test func htmlBodiesCannotReachTextPartials() throws {
        let error = try loadError([
            "x.subject.mustache": "S", "x.text.mustache": "{{> footer}}", "x.html.mustache": "{{> footer}}",
            "partials/footer.text.mustache": "{{unsubscribe_url}}",
        ])
        #expect(error?.description == "x.html.mustache:1: unknown partial 'footer' (no partials/footer.html.mustache)")
    }

    @Test func partialLoopsAreRefused() throws {
        let error = try loadError([
            "x.subject.mustache": "S", "x.text.mustache": "{{> a}}",
            "partials/a.text.mustache": "{{> b}}", "partials/b.text.mustache": "{{> a}}",
        ])
        #expect(error?.message.contains("loop") == true)
    }

    @Test func misnamedFilesAndMissingDirectory() throws {
        #expect(try loadError(["x.mustache": "S"])?.message.contains("<name>.subject.mustache") == true)
        #expect(try loadError(["x.body.mustache": "S"]) != nil)
        #expect(try loadError(["other/x.text.mustache": "S"]) != nil)
        #expect(throws: TemplateError.self) { try TemplateLibrary(directory: "/nonexistent/nurture-templates") }
        // Other files are ignored.
        #expect(try loadError(["README.md": "{{#", "x.subject.mustache": "S", "x.text.mustache": "T"]) == nil)
    }

    @Test func errorDescriptionIsOneLine() {
        let error = TemplateError(file: "templates/x.text.mustache", line: 3, message: "unclosed section 'first_name'")
        #expect(error.description == "templates/x.text.mustache:3: unclosed section 'first_name'")
        #expect(TemplateError(file: "templates", line: nil, message: "no such template directory").description
            == "templates: no such template directory")
    }
}
