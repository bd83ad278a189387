import Foundation
import Hummingbird
import HummingbirdTesting
import NurtureApp
import NurtureCore
import NurtureTestSupport
import Testing

/// `GET` and `POST /unsubscribe?t=TOKEN` over real HTTP into a real SQLite file.
struct UnsubscribeEndpointTests {
    static let oneClick = "List-Unsubscribe=One-Click"

    struct Page {
        var status: HTTPResponse.Status
        var text: String
    }

    func request(_ fixture: ServerFixture, _ method: HTTPRequest.Method, token: String, body: String = oneClick) async throws -> Page {
        try await fixture.application().test(.live) { client in
            try await client.execute(
                uri: "/unsubscribe?t=\(token)", method: method, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: method == .post ? ByteBuffer(string: body) : nil
            ) { response in Page(status: response.status, text: String(buffer: response.body)) }
        }
    }

    func suppressions(_ fixture: ServerFixture) throws -> [Suppression] {
        try fixture.store.suppressions(email: nil, limit: 100)
    }

    @Test func getShowsTheConfirmPageAndChangesNothing() async throws {
        let fixture = try ServerFixture()
        let id = try fixture.contact("ann@acme.example")
        let token = UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: fixture.keys)
        let page = try await request(fixture, .get, token: token)
        #expect(page.status == .ok)
        #expect(page.text.contains("lead-nurture") && page.text.contains("a\u{2022}\u{2022}\u{2022}@acme.example"))
        #expect(!page.text.contains("ann@acme.example"), "the address is masked")
        #expect(page.text.contains("Unsubscribe from this list") && page.text.contains("Unsubscribe from everything"))
        #expect(try suppressions(fixture).isEmpty, "mail scanners follow links: GET never unsubscribes")
    }

    @Test func oneClickUnsubscribesFromTheCampaignAtOnceAndAgainChangesNothing() async throws {
        let fixture = try ServerFixture()
        let id = try fixture.contact("ann@acme.example")
        let token = UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: fixture.keys)
        let first = try await request(fixture, .post, token: token)
        #expect(first.status == .ok)
        let stored = try suppressions(fixture)
        #expect(stored.count == 1 && stored.first?.campaign == "lead-nurture" && stored.first?.cause == .unsubscribed)
        #expect(stored.first?.email.value == "ann@acme.example")
        let again = try await request(fixture, .post, token: token)
        #expect(again.status == .ok && again.text == first.text)
        #expect(try suppressions(fixture).count == 1)
        #expect(fixture.statistics.snapshot.unsubscribes == 1)
    }

    @Test func theConfirmPagesSecondButtonUnsubscribesFromEverything() async throws {
        let fixture = try ServerFixture()
        let id = try fixture.contact("ann@acme.example")
        let token = UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: fixture.keys)
        let page = try await request(fixture, .post, token: token, body: "List-Unsubscribe=One-Click&scope=everything")
        #expect(page.status == .ok)
        let stored = try suppressions(fixture)
        #expect(stored.count == 1 && stored.first?.campaign == nil)
    }

    @Test func aLinkSignedWithThePreviousSecretStillWorks() async throws {
        let fixture = try ServerFixture()
        let id = try fixture.contact("ann@acme.example")
        let old = UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: UnsubscribeKeys(secrets: [ServerFixture.previous]))
        _ = try await request(fixture, .post, token: old)
        #expect(try suppressions(fixture).count == 1)
    }

    @Test func tamperedTruncatedAndRetiredTokensAnswerAlikeAndDoNothing() async throws {
        let fixture = try ServerFixture()
        let id = try fixture.contact("ann@acme.example")
        let other = try fixture.contact("bo@acme.example")
        let valid = UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: fixture.keys)
        let parts = valid.split(separator: ".").map(String.init)
        var flipped = Array(parts[3])
        flipped[0] = flipped[0] == "A" ? "B" : "A"
        let bad = [
            parts[0..<3].joined(separator: ".") + "." + String(flipped),                     // a changed MAC
            String(valid.dropLast(3)),                                                      // cut short
            "\(other).\(parts[1]).\(parts[2]).\(parts[3])",                                 // someone else's id, this MAC
            "\(parts[0]).newsletter.\(parts[2]).\(parts[3])",                              // another campaign
            UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: UnsubscribeKeys(secrets: [ServerFixture.retired])),
            "", "%00", "1.lead-nurture", String(repeating: "a", count: 5000),
        ]
        // The answer to a valid token, for comparison (on another contact's own link, so ann stays subscribed).
        let reference = try await request(fixture, .post, token: UnsubscribeToken(contactID: other, campaign: "lead-nurture").signed(with: fixture.keys))
        for token in bad {
            let page = try await request(fixture, .post, token: token)
            #expect(page.status == .ok && page.text == reference.text, "no oracle: \(token.prefix(40))")
            let get = try await request(fixture, .get, token: token)
            #expect(get.status == .ok && !get.text.contains("<button"), "no buttons for \(token.prefix(40))")
        }
        #expect(try suppressions(fixture).map(\.email.value) == ["bo@acme.example"])
    }
}
