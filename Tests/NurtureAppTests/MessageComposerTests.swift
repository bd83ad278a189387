import Foundation
import NurtureApp
import NurtureCore
import NurtureRender
import Testing

/// `MessageComposer`: the exact email for a plan's send decision, with hostile contact data.
struct MessageComposerTests {
    static let hostile = Contact(
        id: 42, email: AppFixture.address("eve@hostile.example"), firstName: "{{unsubscribe_url}}", lastName: "Doe",
        company: "<script>alert(1)</script> & Co", stage: .prospect, timeZone: "Europe/London",
        customFields: ["notes": "line one\nBcc: victim@elsewhere.example"]
    )

    func composed(_ contact: Contact = hostile, to override: EmailAddress? = nil) throws -> ComposedMessage {
        let composer = try AppFixture().composer()
        let history = ContactHistory(contact: contact)
        let plan = Planner(campaign: composer.campaign).plan(history, now: AppFixture.now)
        guard case let .send(send) = plan.decision else {
            throw ComposeError("expected a send for \(contact.email), got \(plan.decision)")
        }
        return try composer.compose(send, for: history, date: AppFixture.now, testRecipient: override)
    }

    @Test func contactDataIsShownNeverInterpreted() throws {
        let message = try composed()
        #expect(message.send.step == "demo-offer")
        #expect(message.rendered.text.contains("Hi {{unsubscribe_url}},"))
        let html = try #require(message.rendered.html)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
        #expect(!html.contains("<script>"))
        let text = String(decoding: message.bytes, as: UTF8.self)
        let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
        #expect(!head.lowercased().contains("bcc:"))
        #expect(!head.contains("victim@elsewhere.example"))
        #expect(message.envelope.recipient.value == "eve@hostile.example")
    }

    @Test func theSameDecisionComposesTheSameBytes() throws {
        let first = try composed()
        let second = try composed()
        #expect(first.bytes == second.bytes)
        #expect(first.messageID == MessageID.make(
            contactID: 42, campaign: "lead-nurture", step: first.send.step, contentKey: first.send.contentKey,
            domain: "northwind-analytics.example"))
    }

    @Test func theUnsubscribeLinkNamesTheContactAndCampaign() throws {
        let composer = try AppFixture().composer()
        #expect(composer.unsubscribeURL(for: Self.hostile)
            == "https://northwind-analytics.example/unsubscribe?contact=42&campaign=lead-nurture")
        let message = try composed()
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.contains("List-Unsubscribe: <https://northwind-analytics.example/unsubscribe?contact=42&campaign=lead-nurture>\r\n"))
        #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
    }

    @Test func aTestRecipientReplacesTheContactWithoutTheirName() throws {
        let message = try composed(to: AppFixture.address("qa@northwind-analytics.example"))
        #expect(message.envelope.recipient.value == "qa@northwind-analytics.example")
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.contains("\r\nTo: qa@northwind-analytics.example\r\n"))
        #expect(!text.contains("eve@hostile.example"))
        // A test is marked, has its own Message-ID, and its unsubscribe link unsubscribes nobody.
        #expect(text.contains("\r\nSubject: [test] "))
        let real = try composed()
        #expect(message.messageID != real.messageID)
        #expect(text.contains("List-Unsubscribe: <https://northwind-analytics.example/unsubscribe?test=1&campaign=lead-nurture>\r\n"))
        #expect(!text.contains("contact=42"))
    }
}
