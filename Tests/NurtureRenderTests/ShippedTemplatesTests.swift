import Foundation
import NurtureCore
import NurtureRender
import NurtureTestSupport
import Testing

@Suite struct ShippedTemplatesTests {
    let library: TemplateLibrary

    init() throws { library = try TemplateLibrary(directory: RenderFixtures.shippedTemplates) }

    @Test func shipsTheTemplatesTheCampaignReferences() {
        let names = Set(library.templateNames())
        for name in ["thank-you", "related-content", "webinar-invite", "demo-offer", "newsletter-welcome"] {
            #expect(names.contains(name), "missing \(name)")
        }
    }

    @Test func shippedTemplatesHaveNoProblems() {
        #expect(library.problems(knownContactFields: []) == [])
    }

    @Test func thankYouDeliversTheLinkAtOnce() throws {
        let mail = try library.render(
            template: "thank-you",
            RenderFixtures.input("thank-you", item: RenderFixtures.ebook, trigger: RenderFixtures.downloaded, triggerItem: RenderFixtures.ebook))
        #expect(mail.subject == "Your e-book: The Churn Playbook")
        #expect(mail.text.hasPrefix("Hi Ada,\n"))
        #expect(mail.text.contains("https://northwind-analytics.example/d/churn-playbook"))
        #expect(mail.text.contains("Five retention dashboards"))
        #expect(mail.text.contains("Unsubscribe with one click: https://northwind-analytics.example/u/tok123?c=default&x=1"))
        #expect(mail.text.contains("Torstraße 140, 10119 Berlin"))
        let html = try #require(mail.html)
        #expect(html.contains("href=\"https://northwind-analytics.example/d/churn-playbook\""))
        #expect(html.contains("Hi Ada,"))
        #expect(html.contains("href=\"https://northwind-analytics.example/u/tok123?c=default&amp;x=1\""))
        #expect(!html.contains("{{"))
    }

    @Test func thankYouFallsBackWithoutFirstName() throws {
        let mail = try library.render(
            template: "thank-you",
            RenderFixtures.input("thank-you", contact: RenderFixtures.contact(firstName: nil), item: RenderFixtures.ebook))
        #expect(mail.text.hasPrefix("Hi there,\n"))
        #expect(try #require(mail.html).contains("Hi there,"))
        #expect(!mail.text.contains("Hi ,"))
    }

    @Test func thankYouForAWebinarRegistrationAndForANewsletterSignup() throws {
        let webinar = try library.render(template: "thank-you", RenderFixtures.input("thank-you", item: RenderFixtures.webinar))
        #expect(webinar.subject == "You're registered: Retention Dashboards, Live")
        #expect(webinar.text.contains("on Thursday, 3 December 2026, 17:00 CET"))
        let signupEvent = ContactEvent(type: .newsletterSignup, at: TestTime.at("2026-11-19T14:30:00Z"))
        let signup = try library.render(template: "thank-you", RenderFixtures.input("thank-you", item: nil, trigger: signupEvent))
        #expect(signup.subject == "Welcome to the Northwind Analytics newsletter")
        #expect(signup.text.contains("Thanks for subscribing."))
        #expect(!signup.text.contains("getting in touch"))
    }

    /// A contact form is not a newsletter sign-up: it gets an answer promised by a person.
    @Test func thankYouForAContactFormWithoutAnItem() throws {
        let form = ContactEvent(type: .formSubmitted, at: TestTime.at("2026-11-19T14:30:00Z"), properties: ["form": "contact-us"])
        let mail = try library.render(template: "thank-you", RenderFixtures.input("thank-you", item: nil, trigger: form))
        #expect(mail.subject == "Thanks for getting in touch")
        #expect(mail.text.contains("a person will answer you within one business day"))
        #expect(!mail.text.contains("subscribing"))
        #expect(try #require(mail.html).contains("Thanks for getting in touch."))
    }

    @Test func relatedContentSaysWhyItFollowsTheDownload() throws {
        let mail = try library.render(
            template: "related-content",
            RenderFixtures.input(
                "related-content", item: RenderFixtures.guide, trigger: RenderFixtures.downloaded, triggerItem: RenderFixtures.ebook))
        #expect(mail.subject == "Next step: Cohort Analysis in Practice")
        #expect(mail.text.contains("Since you downloaded \"The Churn Playbook\", here is the guide"))
        #expect(mail.text.contains("Read it here: https://northwind-analytics.example/d/cohorts"))
        #expect(try #require(mail.html).contains("Since you downloaded <em>The Churn Playbook</em>"))
        let fromPrevious = try library.render(
            template: "related-content",
            RenderFixtures.input("related-content", item: RenderFixtures.guide, previousItem: RenderFixtures.ebook))
        #expect(fromPrevious.text.contains("\"The Churn Playbook\" covered the groundwork."))
    }

    @Test(arguments: [
        ("Europe/Berlin", "Thursday, 3 December 2026, 17:00 CET"),
        ("America/New_York", "Thursday, 3 December 2026, 11:00 EST"),
        ("Asia/Tokyo", "Friday, 4 December 2026, 01:00 GMT+9"),
    ])
    func webinarInviteShowsTheStartInTheContactsZone(zone: String, expected: String) throws {
        let mail = try library.render(
            template: "webinar-invite",
            RenderFixtures.input("webinar-invite", contact: RenderFixtures.contact(timeZone: zone), item: RenderFixtures.webinar))
        #expect(mail.subject == "Live webinar: Retention Dashboards, Live")
        #expect(mail.text.contains("\n\(expected)\n"))
        #expect(try #require(mail.html).contains(expected))
        #expect(mail.text.contains("Save your seat: https://northwind-analytics.example/webinars/retention"))
    }

    @Test func webinarTimeFallsBackToTheDefaultZoneThenUTC() throws {
        let contact = RenderFixtures.contact(timeZone: nil)
        let sender = try library.render(
            template: "webinar-invite",
            RenderFixtures.input("webinar-invite", contact: contact, item: RenderFixtures.webinar, defaultTimeZone: "America/New_York"))
        #expect(sender.text.contains("Thursday, 3 December 2026, 11:00 EST"))
        let utc = try library.render(
            template: "webinar-invite", RenderFixtures.input("webinar-invite", contact: contact, item: RenderFixtures.webinar))
        #expect(utc.text.contains("Thursday, 3 December 2026, 16:00 UTC"))
    }

    @Test func demoOfferSpeaksToTheBuyer() throws {
        let mail = try library.render(
            template: "demo-offer", RenderFixtures.input("demo-offer", contact: RenderFixtures.contact(stage: .prospect)))
        #expect(mail.subject == "A 30-minute walkthrough for Lovelace Labs")
        #expect(mail.text.contains("offer Lovelace Labs a 30-minute walkthrough"))
        #expect(mail.text.contains("actually use as Head of Product;"))
        #expect(mail.text.contains("Reply with two times"))
        let anonymous = try library.render(
            template: "demo-offer",
            RenderFixtures.input("demo-offer", contact: RenderFixtures.contact(firstName: nil, company: nil, jobTitle: nil)))
        #expect(anonymous.subject == "A 30-minute walkthrough on your own data")
        #expect(anonymous.text.contains("offer your team a 30-minute walkthrough"))
        #expect(anonymous.text.contains("actually use;"))
    }

    @Test func companyNamesAreEscapedInHTMLAndLiteralInText() throws {
        let contact = RenderFixtures.contact(company: "Smith & Sons <script>alert(1)</script>")
        let mail = try library.render(template: "demo-offer", RenderFixtures.input("demo-offer", contact: contact))
        #expect(mail.subject == "A 30-minute walkthrough for Smith & Sons <script>alert(1)</script>")
        #expect(mail.text.contains("offer Smith & Sons <script>alert(1)</script> a 30-minute"))
        let html = try #require(mail.html)
        #expect(html.contains("Smith &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
    }

    @Test func everyShippedTemplateRendersForAFullContact() throws {
        for name in library.templateNames() {
            let mail = try library.render(
                template: name,
                RenderFixtures.input(
                    name, item: name == "webinar-invite" ? RenderFixtures.webinar : RenderFixtures.guide,
                    trigger: RenderFixtures.downloaded, triggerItem: RenderFixtures.ebook))
            #expect(!mail.subject.isEmpty)
            #expect(mail.text.contains("https://northwind-analytics.example/u/tok123"), "\(name) has no unsubscribe link")
            #expect(!mail.text.contains("{{") && !mail.subject.contains("{{"), "\(name) left a tag")
        }
    }
}
