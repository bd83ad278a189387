import Foundation
import NurtureApp
import NurtureCore

/// The address policy of this process: reserved top-level domains (`.example`, `.test`…) only when
/// NURTURE_ALLOW_RESERVED_DOMAINS=1 (the shipped examples and the demo use them).
func addressPolicy() -> EmailAddress.Policy {
    .fromEnvironment(ProcessInfo.processInfo.environment)
}

/// An address given on the command line: a new one (`--to`) under this process's policy, or one to look
/// up among stored contacts (`--contact`) under any policy (the store's values were checked on the way in).
func commandLineAddress(_ text: String, option: String, lookup: Bool) throws -> EmailAddress {
    do {
        return try EmailAddress(text.trimmingASCIIWhitespace(), policy: lookup ? .stored : addressPolicy())
    } catch {
        throw NurtureError("\(option): \(error)")
    }
}
