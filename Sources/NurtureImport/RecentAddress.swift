import Foundation
import NurtureCore

/// The email address of the previous row, parsed once: event files list a contact's events together, and
/// parsing an address is a good part of reading a row. The same text (byte for byte) under the same policy
/// is the same address, so reusing it changes nothing.
struct RecentAddress {
    let policy: EmailAddress.Policy
    private var last: (text: String, address: EmailAddress)?

    init(policy: EmailAddress.Policy) {
        self.policy = policy
    }

    mutating func address(_ text: String) throws(EmailAddressError) -> EmailAddress {
        if let last, Self.sameBytes(last.text, text) { return last.address }
        let address = try EmailAddress(text, policy: policy)
        last = (text, address)
        return address
    }

    /// Byte equality (`==` on strings is canonical equivalence, which could take a different spelling).
    private static func sameBytes(_ first: String, _ second: String) -> Bool {
        let count = first.utf8.count
        guard count == second.utf8.count else { return false }
        guard count > 0 else { return true }
        var first = first
        var second = second
        return first.withUTF8 { one in second.withUTF8 { other in memcmp(one.baseAddress!, other.baseAddress!, count) == 0 } }
    }
}
