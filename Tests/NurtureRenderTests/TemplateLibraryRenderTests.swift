import Foundation
import NurtureCore
import NurtureRender
import Testing

/// The rendering rules: strict variables, escaping, no double rendering, header-safe subjects.
@Suite struct TemplateLibraryRenderTests {
    static let footer = "\n{{sender.postal_address}} {{unsubscribe_url}}\n"

    func render(
        subject: String = "Hello", text: String, html: String? = nil, contact: Contact = RenderFixtures.contact(),
        item: CatalogItem? = nil
    ) throws -> RenderedEmail {
        let (library, dir) = try RenderFixtures.library(subject: subject, text: text, html: html)
        defer { RenderFixtures.remove(dir) }
        return try library.render(template: "t", RenderFixtures.input("t", contact: contact, item: item))
    }

    func renderError(
        subject: String = "Hello", text: String, html: String? = nil, contact: Contact = RenderFixtures.contact(),
        item: CatalogItem? = nil
    ) throws -> RenderError? {
        let (library, dir) = try RenderFixtures.library(subject: subject, text: text, html: html)
        defer { RenderFixtures.remove(dir) }
        do {
            _ = try library.render(template: "t", RenderFixtures.input("t", contact: contact, item: item))
            return nil
        } catch {
            return error
        }
    }

    @Test func unguardedMissingVariableNamesTheKey() throws {
        let error = try renderError(text: "Hi {{first_name}},\n", contact: RenderFixtures.contact(firstName: nil))
        guard case let .missingVariable(key, template)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(key == "first_name")
        #expect(template.hasSuffix("t.text.mustache"))
        #expect(error?.description.contains("'first_name' has no value") == true)
    }

    @Test func emptyAndBlankValuesAreMissingToo() throws {
        for blank in ["", "   "] {
            let error = try renderError(text: "Hi {{first_name}},\n", contact: RenderFixtures.contact(firstName: blank))
            #expect(error == .missingVariable(key: "first_name", template: error.map(templateOf) ?? ""))
        }
    }

    @Test func guardedVariablesUseTheFallback() throws {
        let text = "{{#first_name}}Hi {{first_name}},{{/first_name}}{{^first_name}}Hi there,{{/first_name}}"
        #expect(try render(text: text).text == "Hi Ada,")
        #expect(try render(text: text, contact: RenderFixtures.contact(firstName: nil)).text == "Hi there,")
    }

    @Test func aGuardOnAnotherKeyDoesNotCount() throws {
        let error = try renderError(text: "{{#company}}Hi {{first_name}} at {{company}}{{/company}}", contact: RenderFixtures.contact(firstName: nil))
        #expect(error == .missingVariable(key: "first_name", template: error.map(templateOf) ?? ""))
    }

    @Test func missingInTheSubjectOrHTMLIsAnErrorToo() throws {
        let contact = RenderFixtures.contact(company: nil)
        let inSubject = try renderError(subject: "For {{company}}", text: "x", contact: contact)
        #expect(inSubject.map(templateOf)?.hasSuffix("t.subject.mustache") == true)
        #expect(inSubject.map(keyOf) == "company")
        let inHTML = try renderError(text: "x", html: "<p>{{company}}</p>", contact: contact)
        #expect(inHTML.map(templateOf)?.hasSuffix("t.html.mustache") == true)
    }

    @Test func nestedKeysOfAMissingItemAreNamedInFull() throws {
        #expect(try renderError(text: "Get {{item.title}}").map(keyOf) == "item.title")
        #expect(try renderError(text: "{{item.summary}}", item: RenderFixtures.guide).map(keyOf) == "item.summary")
        #expect(try renderError(text: "{{item.starts_at}}", item: RenderFixtures.guide).map(keyOf) == "item.starts_at")
        #expect(try render(text: "{{#item}}{{title}}: {{url}}{{/item}}", item: RenderFixtures.guide).text
            == "Cohort Analysis in Practice: https://northwind-analytics.example/d/cohorts")
    }

    @Test func customCSVFieldsByColumnNameAndAlias() throws {
        let contact = RenderFixtures.contact(customFields: ["industry": "Logistics", "Lead Source": "G2 review"])
        let mail = try render(text: "{{industry}} / {{lead_source}}", contact: contact)
        #expect(mail.text == "Logistics / G2 review")
    }

    @Test func aCustomFieldThisContactLacksIsMissing() throws {
        let error = try renderError(text: "In {{industry}}", contact: RenderFixtures.contact())
        #expect(error.map(keyOf) == "industry")
        #expect(try render(text: "{{#industry}}In {{industry}}{{/industry}}{{^industry}}In your field{{/industry}}").text == "In your field")
    }

    @Test func aCustomColumnCannotShadowABuiltInName() throws {
        let contact = RenderFixtures.contact(customFields: ["unsubscribe_url": "https://evil.example", "first_name": "Mallory"])
        let mail = try render(text: "{{first_name}} {{unsubscribe_url}}", contact: contact)
        #expect(mail.text == "Ada https://northwind-analytics.example/u/tok123?c=default&x=1")
    }

    @Test func textAndSubjectAreLiteralHTMLIsEscaped() throws {
        let contact = RenderFixtures.contact(company: "Smith & Sons <b>\"Q\"</b>")
        let mail = try render(
            subject: "News for {{company}}", text: "{{company}} & {{{company}}}", html: "<p>{{company}}</p>", contact: contact)
        #expect(mail.subject == "News for Smith & Sons <b>\"Q\"</b>")
        #expect(mail.text == "Smith & Sons <b>\"Q\"</b> & Smith & Sons <b>\"Q\"</b>")
        #expect(mail.html == "<p>Smith &amp; Sons &lt;b&gt;&quot;Q&quot;&lt;/b&gt;</p>")
    }

    @Test func textPartialsStayLiteral() throws {
        let (library, dir) = try RenderFixtures.library(
            subject: "S", text: "{{> sig}}", html: "{{> sig}}",
            extra: ["partials/sig.text.mustache": "by {{company}}", "partials/sig.html.mustache": "<i>{{company}}</i>"])
        defer { RenderFixtures.remove(dir) }
        let mail = try library.render(template: "t", RenderFixtures.input("t", contact: RenderFixtures.contact(company: "A&B")))
        #expect(mail.text == "by A&B")
        #expect(mail.html == "<i>A&amp;B</i>")
    }

    @Test func contactDataIsNeverRenderedTwice() throws {
        let contact = RenderFixtures.contact(firstName: "{{unsubscribe_url}}", company: "{{#sender}}{{name}}{{/sender}}")
        let mail = try render(
            subject: "For {{first_name}}", text: "Hi {{first_name}} of {{company}}", html: "<p>{{first_name}}</p>", contact: contact)
        #expect(mail.subject == "For {{unsubscribe_url}}")
        #expect(mail.text == "Hi {{unsubscribe_url}} of {{#sender}}{{name}}{{/sender}}")
        #expect(mail.html == "<p>{{unsubscribe_url}}</p>")
    }

    @Test(arguments: ["\r", "\n", "\0", "\u{2028}", "\u{2029}", "\u{85}", "\u{1B}"])
    func unsafeValuesInTheSubjectAreRefused(_ bad: String) throws {
        let contact = RenderFixtures.contact(company: "Acme\(bad)Bcc: victim@example.com")
        let error = try renderError(subject: "For {{company}}", text: "x", contact: contact)
        guard case let .unsafeHeaderValue(field, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "company")
        // The same value is fine in the body.
        #expect(try render(text: "{{company}}", contact: contact).text.contains("Bcc"))
    }

    @Test func aLineBreakInTheSubjectTemplateIsRefusedAndSurroundingSpaceTrimmed() throws {
        let error = try renderError(subject: "One\nTwo {{first_name}}", text: "x")
        guard case let .unsafeHeaderValue(field, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(field == "subject")
        #expect(try render(subject: "  \n Hello {{first_name}}  \n\n", text: "x").subject == "Hello Ada")
        let empty = try renderError(subject: "{{#company}}{{company}}{{/company}}\n", text: "x", contact: RenderFixtures.contact(company: nil))
        guard case let .emptySubject(template)? = empty else { Issue.record("got \(String(describing: empty))"); return }
        #expect(template.hasSuffix("t.subject.mustache"))
    }

    @Test func tripleMustacheInHTMLIsRefused() throws {
        let error = try renderError(text: "x", html: "<p>{{{company}}}</p>")
        guard case let .unsafeTemplate(problem)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(problem.contains("t.html.mustache:1:"))
        #expect(problem.contains("unescaped"))
        #expect(try renderError(text: "x", html: "{{% CONTENT_TYPE: TEXT}}<p>{{company}}</p>") != nil)
    }

    @Test func unknownTemplateAndMissingParts() throws {
        let (library, dir) = try RenderFixtures.library(subject: "S", text: "T", extra: ["only-html.html.mustache": "<p>x</p>"])
        defer { RenderFixtures.remove(dir) }
        #expect(throws: RenderError.unknownTemplate("nope")) { try library.render(template: "nope", RenderFixtures.input("nope")) }
        #expect(throws: RenderError.missingPart(template: "only-html", part: "subject")) {
            try library.render(template: "only-html", RenderFixtures.input("only-html"))
        }
        #expect(try library.render(template: "t", RenderFixtures.input("t")).html == nil)
    }

    @Test func renderingIsDeterministic() throws {
        let (library, dir) = try RenderFixtures.library(subject: "S {{year}}", text: "{{item.starts_at}} {{trigger.at}}")
        defer { RenderFixtures.remove(dir) }
        let input = RenderInput(
            contact: RenderFixtures.contact(), campaign: RenderFixtures.campaign, step: RenderFixtures.step(.email, "t"),
            item: RenderFixtures.webinar, trigger: RenderFixtures.downloaded, triggerItem: nil, previousItem: nil,
            unsubscribeURL: "u", now: RenderFixtures.now)
        let first = try library.render(template: "t", input)
        #expect(first == (try library.render(template: "t", input)))
        #expect(first.subject == "S 2026")
        #expect(first.text == "Thursday, 3 December 2026, 17:00 CET Thursday, 19 November 2026, 15:30 CET")
    }

    @Test func isoStartAndTransforms() throws {
        #expect(try render(text: "{{item.starts_at_iso}}", item: RenderFixtures.webinar).text == "2026-12-03T17:00:00+01:00")
        #expect(try render(text: "{{uppercased(company)}}").text == "LOVELACE LABS")
        let error = try renderError(text: "{{uppercased(company)}}", contact: RenderFixtures.contact(company: nil))
        #expect(error.map(keyOf) == "company")
    }

    @Test func listsIterateAndJoin() throws {
        let mail = try render(text: "{{interests}}|{{#interests}}[{{.}}]{{/interests}}|{{#item}}{{#topics}}<{{.}}>{{/topics}}{{/item}}", item: RenderFixtures.ebook)
        #expect(mail.text == "churn, product-analytics|[churn][product-analytics]|<churn><product-analytics>")
        let empty = RenderFixtures.contact()
        var none = empty
        none.interests = []
        #expect(try renderError(text: "{{interests}}", contact: none).map(keyOf) == "interests")
        #expect(try render(text: "{{^interests}}no interests{{/interests}}", contact: none).text == "no interests")
    }
}

func keyOf(_ error: RenderError) -> String? {
    if case let .missingVariable(key, _) = error { return key }
    return nil
}

func templateOf(_ error: RenderError) -> String {
    switch error {
    case let .missingVariable(_, template), let .unsafeHeaderValue(_, template), let .emptySubject(template): return template
    default: return ""
    }
}
