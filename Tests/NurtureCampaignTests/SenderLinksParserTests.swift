import Foundation
import NurtureCampaign
import NurtureCore
import Testing

/// The sender's `booking_url` (the demo offer's call to action) and `feedback_id` (the Feedback-ID
/// header's last part): read when well-formed, refused with their line when not.
struct SenderLinksParserTests {
    func parse(_ extra: String) -> (Sender?, [String]) {
        let yaml = CampaignLoaderTests.minimal.replacingOccurrences(
            of: "  postal_address: 12 Harbour Street, Bristol\n",
            with: "  postal_address: 12 Harbour Street, Bristol\n" + extra)
        let (loaded, problems) = CampaignLoader.parse(yaml: yaml, file: "c.yaml", addressPolicy: .reservedDomainsAllowed)
        return (loaded?.campaign.sender, problems.map(\.description))
    }

    func line(of key: String) -> Int {
        CampaignLoaderTests.minimal.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  postal_address:") }! + 2
    }

    @Test func readsTheBookingLinkAndTheFeedbackID() {
        let (sender, problems) = parse("  booking_url: https://northwind.example/book\n  feedback_id: northwind-2026\n")
        #expect(problems == [])
        #expect(sender?.bookingURL == "https://northwind.example/book")
        #expect(sender?.feedbackID == "northwind-2026")
        #expect(parse("").0?.feedbackID == nil)
    }

    @Test func aBookingLinkThatIsNotAWebURLIsRefusedWithItsLine() {
        let (_, problems) = parse("  booking_url: javascript:alert(1)\n")
        #expect(problems == ["c.yaml:\(line(of: "booking_url")): sender booking_url must be an http(s) URL"])
    }

    @Test func aFeedbackIDThatCouldBreakItsHeaderIsRefusedWithItsLine() {
        let (_, problems) = parse("  feedback_id: \"a:b c\"\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("c.yaml:\(line(of: "feedback_id")): sender feedback_id may hold letters, digits") == true, "\(problems)")
    }
}
