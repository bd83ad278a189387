@testable import NurtureRender
import Testing

@Suite struct TagScannerTests {
    @Test func readsKindsNamesAndLines() throws {
        let tags = try TagScanner.scan("a {{x}}\n{{#s}}{{{u}}}{{&v}}\n{{! multi\nline }}{{^i}}{{/i}}{{/s}}\n{{> p}}{{<q}}{{$b}}{{/b}}{{/q}}{{capitalized(first_name)}}")
        #expect(tags.map(\.kind) == [
            .variable, .section, .unescaped, .unescaped, .comment, .inverted, .close, .close,
            .partial, .parent, .block, .close, .close, .variable,
        ])
        #expect(tags.map(\.line) == [1, 2, 2, 2, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5])
        #expect(tags[0].raw == "x")
        #expect(tags[8].raw == "p")
        #expect(tags[13].key == "first_name")
    }

    @Test func followsDelimiterChanges() throws {
        let tags = try TagScanner.scan("{{=<% %>=}}\n<% name %> {{not}}\n<%={{ }}=%>{{back}}")
        #expect(tags.filter { $0.kind == .variable }.map(\.raw) == ["name", "back"])
        #expect(tags.first { $0.raw == "name" }?.line == 2)
    }

    @Test func reportsUnclosedTagsAndSections() throws {
        #expect(throws: TagScanner.Failure.self) { try TagScanner.scan("ok\n{{! never closed") }
        let tags = try TagScanner.scan("{{#a}}\n{{#b}}\n{{/b}}")
        #expect(TagScanner.sectionMismatch(in: tags) == TagScanner.Failure(line: 1, message: "unclosed section 'a'"))
        #expect(TagScanner.sectionMismatch(in: try TagScanner.scan("{{#a}}{{/a}}")) == nil)
    }
}
