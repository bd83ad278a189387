import NurtureCore
@testable import NurtureImport
import Testing

/// `RecentAddress` answers what `EmailAddress` answers, row after row, whatever it reused.
struct RecentAddressTests {
    @Test func answersAsParsingEachTime() {
        var recent = RecentAddress(policy: .reservedDomainsAllowed)
        let texts = [
            "ann@example.com", "ann@example.com", "Ann@example.com", "ann@example.com", "", "",
            "josé@example.com", "jose\u{301}@example.com", "josé@example.com", "not an address", "not an address",
            "bob@EXAMPLE.com", "bob@example.com",
        ]
        for text in texts {
            let expected = Result { () throws(EmailAddressError) in try EmailAddress(text, policy: .reservedDomainsAllowed) }
            let actual = Result { () throws(EmailAddressError) in try recent.address(text) }
            switch (expected, actual) {
            case let (.success(one), .success(other)):
                #expect(Array(one.value.utf8) == Array(other.value.utf8), "\(text)")
                #expect(Array(one.envelope.utf8) == Array(other.envelope.utf8), "\(text)")
            case let (.failure(one), .failure(other)):
                #expect(one.description == other.description, "\(text)")
            default:
                Issue.record("\(text): \(expected) but \(actual)")
            }
        }
    }
}
