import Foundation
import NurtureCore
@testable import NurtureRender
import Testing

/// Long templates are parsed in pieces (swift-mustache's parse time grows with tags times length); the
/// pieces must render exactly as the whole file does.
@Suite struct TemplateSegmentsTests {
    /// A block using every construct a cut must respect: sections and inverted sections over several lines,
    /// standalone tags, a comment spanning lines, indentation, an included partial, CR LF line ends.
    static func block(_ n: Int) -> String {
        """
        Hello {{first_name}},
        {{#interests}}
          - {{.}}
        {{/interests}}
        {{^last_name}}no last name{{/last_name}}
        {{! a comment
        over two lines }}
           {{company}}  \r
        {{#company}}
        {{>note}}
        {{/company}}
        {{job_title}} end of block \(n)

        """
    }

    static var longText: String { (0..<120).map(block).joined() }

    @Test func aLongTemplateIsCutOnlyOutsideSectionsAndTagsAndRendersAsTheWhole() throws {
        let text = Self.longText
        let tags = try TagScanner.scan(text)
        let pieces = TemplateSegments.split(text, tags: tags)
        #expect(pieces.count > 5, "\(pieces.count) pieces for \(text.utf8.count) bytes")
        #expect(pieces.map(\.text).joined() == text)
        for piece in pieces {
            // Never inside a section or a tag: not in the list, the comment or the partial's section.
            for inside in ["  - ", "{{/", "over two lines", "{{>note}}"] {
                #expect(!piece.text.hasPrefix(inside), "\(piece.text.prefix(40))")
            }
            #expect(piece.line == text[..<piece.text.startIndex].count { $0 == "\n" || $0 == "\r\n" } + 1)
        }

        // The same text as an email (cut) and as a partial (never cut) renders the same bytes.
        let (library, dir) = try RenderFixtures.library(
            subject: "Hi", text: text,
            extra: ["whole.subject.mustache": "Hi", "whole.text.mustache": "{{>long}}",
                    "partials/long.text.mustache": text, "partials/note.text.mustache": "  note for {{company}}\n"])
        defer { RenderFixtures.remove(dir) }
        let cut = try library.render(template: "t", RenderFixtures.input("t")).text
        let whole = try library.render(template: "whole", RenderFixtures.input("whole")).text
        #expect(cut == whole)
        #expect(cut.contains("  - churn\n"))
        #expect(cut.contains("end of block 119"))
    }

    @Test func templatesThatChangeDelimitersOrAreShortAreNotCut() throws {
        let short = Self.block(1)
        #expect(TemplateSegments.split(short, tags: try TagScanner.scan(short)).count == 1)
        let delimiters = "{{=<% %>=}}\n" + Self.longText.replacingOccurrences(of: "{{", with: "<%").replacingOccurrences(of: "}}", with: "%>")
        #expect(TemplateSegments.split(delimiters, tags: try TagScanner.scan(delimiters)).count == 1)
        // A section open over the whole text leaves nothing to cut.
        let wrapped = "{{#company}}\n" + Self.longText + "{{/company}}\n"
        #expect(TemplateSegments.split(wrapped, tags: try TagScanner.scan(wrapped)).count == 1)
    }

    /// A syntax error in a later piece is reported at its line in the file.
    @Test func aSyntaxErrorInALaterPieceHasItsLineInTheFile() throws {
        let text = Self.longText + "broken {{first name}}\n"
        let line = text.utf8.count { $0 == UInt8(ascii: "\n") }      // the last line ("\r\n" ends a line too)
        let dir = try RenderFixtures.templateDirectory(["x.subject.mustache": "S", "x.text.mustache": text])
        defer { RenderFixtures.remove(dir) }
        do {
            _ = try TemplateLibrary(directory: dir)
            Issue.record("expected a syntax error")
        } catch {
            #expect(TemplateSegments.split(text, tags: try TagScanner.scan(text)).count > 1)
            #expect(error.line == line, "\(error)")
            #expect(error.file.hasSuffix("x.text.mustache"))
        }
    }
}
