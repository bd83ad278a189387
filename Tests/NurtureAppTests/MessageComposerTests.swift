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

    @Test func theUnsubscribeLinkCarriesASignedTokenForTheContactAndCampaign() throws {
        let keys = UnsubscribeKeys(secrets: ["composer-tests-secret-0123456789"])
        let loaded = try AppFixture.campaign()
        let composer = MessageComposer(campaign: loaded.campaign, templates: try TemplateLibrary(directory: loaded.templatesDirectory), unsubscribeKeys: keys)
        let url = composer.unsubscribeURL(for: Self.hostile)
        let prefix = "https://northwind-analytics.example/unsubscribe?t="
        #expect(url.hasPrefix(prefix), "\(url)")
        let token = String(url.dropFirst(prefix.count))
        #expect(UnsubscribeToken.verify(token, with: keys) == UnsubscribeToken(contactID: 42, campaign: "lead-nurture"))
        // Another secret does not verify it: the link cannot be made without the secret.
        #expect(UnsubscribeToken.verify(token, with: UnsubscribeKeys(secrets: ["another-secret-0123456789abcdef"])) == nil)
        #expect(!url.contains("contact=") && !url.contains("eve@"))

        let history = ContactHistory(contact: Self.hostile)
        guard case let .send(send) = Planner(campaign: composer.campaign).plan(history, now: AppFixture.now).decision else {
            Issue.record("no send decision")
            return
        }
        let text = String(decoding: try composer.compose(send, for: history, date: AppFixture.now).bytes, as: UTF8.self)
        // RFC 2369 and RFC 8058: the HTTPS link and the mailto, and the one-click POST marker.
        #expect(text.contains("List-Unsubscribe: <\(url)>,\r\n <mailto:maya@northwind-analytics.example?subject=unsubscribe>\r\n")
            || text.contains("List-Unsubscribe: <\(url)>, <mailto:maya@northwind-analytics.example?subject=unsubscribe>\r\n"), "\(text.prefix(1200))")
        #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
    }

    /// `{{stage}}` and `{{score}}` are what the campaign's scoring computes at the message's date, as the
    /// planner decided on them, not the imported columns.
    @Test func templatesSeeTheQualifiedStageAndScore() throws {
        let composer = try AppFixture().composer()
        let contact = Contact(id: 7, email: AppFixture.address("sam@acme.example"), firstName: "Sam", stage: .subscriber, score: 3)
        let history = ContactHistory(contact: contact, events: [ContactEvent(type: .quoteRequested, at: AppFixture.now.addingTimeInterval(-3600))])
        let planner = Planner(campaign: composer.campaign)
        let (decision, standing) = planner.decideWithStanding(history, now: AppFixture.now)
        let qualified = try #require(standing)
        #expect(qualified.stage == .prospect, "a quote request qualifies")
        guard case let .send(send) = decision else {
            Issue.record("no send decision: \(decision)")
            return
        }
        let message = try composer.compose(send, for: history, date: AppFixture.now)
        #expect(message.contact.stage == .prospect && message.contact.score == qualified.score, "\(message.contact)")
        #expect(qualified.score != 3)
        // Runs hand the planner's standing on rather than computing it again: the same bytes.
        let carried = try composer.compose(send, for: history, date: AppFixture.now, standing: standing)
        #expect(carried.bytes == message.bytes && carried.contact == message.contact)
    }

    @Test func withoutAnHTTPSLinkTheMailtoAloneAndNoOneClickHeader() throws {
        let loaded = try AppFixture.campaign()
        var campaign = loaded.campaign
        campaign.sender.unsubscribeURL = nil
        let composer = MessageComposer(campaign: campaign, templates: try TemplateLibrary(directory: loaded.templatesDirectory))
        let history = ContactHistory(contact: Self.hostile)
        guard case let .send(send) = Planner(campaign: campaign).plan(history, now: AppFixture.now).decision else {
            Issue.record("no send decision")
            return
        }
        let text = String(decoding: try composer.compose(send, for: history, date: AppFixture.now).bytes, as: UTF8.self)
        #expect(text.contains("List-Unsubscribe: <mailto:maya@northwind-analytics.example?subject=unsubscribe>\r\n"))
        // RFC 8058 section 3.1: List-Unsubscribe-Post needs an HTTPS URI in List-Unsubscribe.
        #expect(!text.contains("List-Unsubscribe-Post"))
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
        #expect(text.contains("List-Unsubscribe: <https://northwind-analytics.example/unsubscribe?t=test>,"))
        #expect(!text.contains("t=42."))
    }
}
