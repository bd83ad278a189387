import Foundation
import NurtureCore
@testable import NurtureRender
import NurtureTestSupport
import Testing

/// Emails filled in from a shape's skeleton (`SkeletonCache`) must be what swift-mustache renders for the
/// same input, byte for byte, errors included: each case renders with the cache, warm, and with
/// `rendersSkeletons` off, where swift-mustache renders every email.
@Suite struct SkeletonRenderTests {
    /// Texts contact data may hold: markup, entities, combining marks at either end, the placeholders'
    /// own characters and look-alikes of a placeholder, Mustache tags, blanks, line breaks, long text.
    static let hostile: [String?] = [
        nil, "", "   ", "\t", "Ada", "O'Brien & <Sons>", "\"quoted\"", "&amp;", "e\u{301}", "\u{301}leading mark",
        "trailing <\u{301}", "\u{E000}0&\u{E001}", "\u{E000}1&amp;\u{E001}", "\u{E001}", "\u{E000}", "{{first_name}}",
        "{{{unsubscribe_url}}}", "Zoë 🎉", "line\nbreak", "ends with CR\r", " padded ", "javascript:alert(1)",
        String(repeating: "long ", count: 60), "ß", "\u{FEFF}", "a, b",
    ]

    /// Every feature a template may lean on: guards, inverted sections, lists with the sequence's own
    /// transforms, `{{.}}`, an object shown as itself, custom columns by name and alias, indented
    /// partials, triple mustache on a non-contact value, dotted names, inheritance.
    static let files: [String: String] = [
        "t.subject.mustache": "{{#company}}For {{company}}{{/company}}{{^company}}For you{{/company}}: {{item}}",
        "t.text.mustache": """
            {{> greeting}}
            {{#first_name}}Hi {{first_name}}{{/first_name}}{{^first_name}}Hello{{/first_name}},
              {{#interests}}{{.}}{{^last()}}; {{/last()}}{{/interests}}
            {{#interests}}{{#first()}}first: {{.}}{{/first()}}{{/interests}} all: {{^interests}}none{{/interests}}{{#interests}}{{interests}}{{/interests}}
            {{#item}}{{item.title}} ({{item.kind}}){{#item.summary}}: {{item.summary}}{{/item.summary}}{{/item}}
            {{#lead_source}}Source: {{lead_source}}{{/lead_source}} {{#industry}}in {{industry}}{{/industry}}
            {{#job_title}}as {{job_title}}{{/job_title}} {{#trigger}}{{trigger.action}} {{#trigger.item}}{{.}}{{/trigger.item}}{{/trigger}}
            {{{unsubscribe_url}}}
            {{> footer}}
            """,
        "t.html.mustache": """
            {{<layout}}{{$content}}
            <p>{{#first_name}}Hi {{first_name}}{{/first_name}}{{^first_name}}Hello{{/first_name}}</p>
              {{> greeting}}
            <ul>{{#interests}}<li>{{.}}</li>{{/interests}}</ul>
            {{#item}}<a href="{{item.url}}">{{item.title}}</a>{{/item}}
            <p>{{company}}{{^company}}your team{{/company}} {{last_name}}</p>
            {{/content}}{{/layout}}
            """,
        "partials/greeting.text.mustache": "{{#first_name}}Dear {{first_name}} {{last_name}}{{/first_name}}\n  indented {{company}}\n",
        "partials/greeting.html.mustache": "<p>{{#first_name}}Dear {{first_name}}{{/first_name}}</p>\n<p>{{job_title}}</p>\n",
        "partials/footer.text.mustache": "--\n{{sender.postal_address}}\nUnsubscribe: {{unsubscribe_url}}\n",
        "partials/layout.html.mustache": "<html><body>\n  {{$content}}{{/content}}\n<p>{{sender.name}}</p></body></html>\n",
    ]

    @Test func filledInEmailsAreWhatSwiftMustacheRenders() throws {
        let dir = try RenderFixtures.templateDirectory(Self.files)
        defer { RenderFixtures.remove(dir) }
        let cached = try TemplateLibrary(directory: dir)
        var direct = cached
        direct.rendersSkeletons = false
        try compare(cached, direct, template: "t", cases: 600)
        let counts = cached.skeletons.counts
        #expect(counts.skeletons > 10, "the cache fills emails in")
        #expect(counts.direct == 0)
    }

    @Test func shippedTemplatesFilledInAreWhatSwiftMustacheRenders() throws {
        let cached = try TemplateLibrary(directory: RenderFixtures.shippedTemplates)
        var direct = cached
        direct.rendersSkeletons = false
        for template in cached.templateNames() {
            try compare(cached, direct, template: template, cases: 150)
        }
        #expect(cached.skeletons.counts.skeletons > 20)
    }

    /// Past its capacity the cache keeps no more shapes: new ones are rendered by swift-mustache, right.
    @Test func aFullCacheRendersNewShapesWithoutKeepingThem() throws {
        let dir = try RenderFixtures.templateDirectory(Self.files)
        defer { RenderFixtures.remove(dir) }
        var cached = try TemplateLibrary(directory: dir)
        cached.skeletons = SkeletonCache(capacity: 3)
        var direct = cached
        direct.rendersSkeletons = false
        try compare(cached, direct, template: "t", cases: 100)
        let counts = cached.skeletons.counts
        #expect(counts.skeletons + counts.direct == 3)
    }

    /// A transform reads the text itself, so that shape is left to swift-mustache, and still right.
    @Test func transformsOfTextsAreRenderedBySwiftMustache() throws {
        let (cached, dir) = try RenderFixtures.library(
            subject: "Hi", text: "{{#company}}{{uppercased(company)}}{{/company}}{{^company}}-{{/company}} {{#interests}}{{.}}{{/interests}}")
        defer { RenderFixtures.remove(dir) }
        var direct = cached
        direct.rendersSkeletons = false
        try compare(cached, direct, template: "t", cases: 60)
        let counts = cached.skeletons.counts
        #expect(counts.direct > 0, "a shape with a company is rendered by swift-mustache")
        #expect(counts.skeletons > 0, "a shape without one is filled in")
    }

    @Test func aTemplateHoldingThePlaceholderCharactersIsNeverFilledIn() throws {
        let (library, dir) = try RenderFixtures.library(subject: "Hi \u{E000}1&\u{E001}", text: "{{first_name}} \u{E000}0&\u{E001}")
        defer { RenderFixtures.remove(dir) }
        #expect(!library.rendersSkeletons)
        let mail = try library.render(template: "t", RenderFixtures.input("t"))
        #expect(mail.text == "Ada \u{E000}0&\u{E001}")
        #expect(mail.subject == "Hi \u{E000}1&\u{E001}")
    }

    /// Renders `cases` seeded random inputs with both libraries, each twice with the cache (cold, then
    /// warm), and expects the same bytes or the same error.
    private func compare(_ cached: TemplateLibrary, _ direct: TemplateLibrary, template: String, cases: Int) throws {
        var random = SeededRandom(seed: 7)
        let items: [CatalogItem?] = [nil, RenderFixtures.ebook, RenderFixtures.guide, RenderFixtures.webinar, RenderFixtures.caseStudy]
        for index in 0..<cases {
            func pick() -> String? { Self.hostile[Int(random.next() % UInt64(Self.hostile.count))] }
            var contact = RenderFixtures.contact(
                firstName: pick(), company: pick(), jobTitle: pick(),
                customFields: [("Lead Source", pick()), ("industry", pick())].reduce(into: [:]) { fields, field in
                    if random.next() % 2 == 0, let value = field.1 { fields[field.0] = value }
                })
            contact.lastName = pick()
            contact.interests = (0..<Int(random.next() % 4)).map { _ in pick() ?? "" }
            let trigger = random.next() % 2 == 0 ? nil : RenderFixtures.downloaded
            let input = RenderFixtures.input(
                template, contact: contact, item: items[Int(random.next() % UInt64(items.count))], trigger: trigger,
                triggerItem: trigger == nil ? nil : items[Int(random.next() % UInt64(items.count))],
                previousItem: items[Int(random.next() % UInt64(items.count))])
            let expected = outcome(direct, template, input)
            for pass in ["cold", "warm"] {
                let got = outcome(cached, template, input)
                #expect(got == expected, "\(template) case \(index) (\(pass)): \(String(reflecting: contact))")
            }
        }
    }

    /// The email's bytes, or the error's text.
    private func outcome(_ library: TemplateLibrary, _ template: String, _ input: RenderInput) -> [[UInt8]] {
        do {
            let mail = try library.render(template: template, input)
            return [Array(mail.subject.utf8), Array(mail.text.utf8), mail.html.map { Array($0.utf8) } ?? [0xFF]]
        } catch {
            return [Array("error: \(error)".utf8)]
        }
    }
}


/// The subject's trim against Foundation's, which it replaces, on seeded strings of Unicode whitespace,
/// line breaks, combining marks and astral characters at either end.
@Suite struct SubjectTrimTests {
    @Test func trimsAsFoundationDoes() {
        let pool: [Unicode.Scalar] = [" ", "\t", "\n", "\r", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "\u{200B}", "\u{FEFF}",
                                      "\u{301}", "a", "é", "🎉", "\u{0}", "\u{1B}", "x"]
        var random = SeededRandom(seed: 9)
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(random.next() % 7) { text.append(pool[Int(random.next() % UInt64(pool.count))]) }
            let string = String(text)
            let expected = string.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Array(TemplateLibrary.trimmed(string).utf8) == Array(expected.utf8), "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
