import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

/// The two address suites in `../shared/conformance/`, read at test time: nothing a suite marks invalid for
/// an SMTP envelope is accepted, and every valid address is accepted unless one of the README's policy
/// refusals (section "Addresses") names it.
struct EmailAddressConformanceTests {
    /// isemail's rule: U+2400 + n stands for control character n.
    static func decoded(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x2400...0x241F).contains(scalar.value), let control = Unicode.Scalar(scalar.value - 0x2400) {
                out.append(control)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func accepts(_ address: String, _ policy: EmailAddress.Policy) -> Bool {
        (try? EmailAddress(address, policy: policy)) != nil
    }

    /// The README's policy refusal that covers `address`, judged from its shape alone, or nil.
    static func policyRefusal(_ address: String) -> String? {
        if address.contains("<") { return "display-name form" }
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at], domain = address[address.index(after: at)...]
        if local.hasPrefix("\"") { return "quoted local part" }
        if domain.hasPrefix("[") { return "IP address literal" }
        if local.isEmpty { return "empty local part" }
        if local.utf8.count > 64 { return "local part over 64 octets" }
        if !domain.contains(".") { return "single-label domain" }
        let top = domain.split(separator: ".").last.map(String.init) ?? ""
        if !top.isEmpty, top.allSatisfy(\.isNumber) { return "numeric top-level domain" }
        if DomainName.reservedForTesting.contains(top.lowercased()) { return "reserved top-level domain" }
        if domain.lowercased().split(separator: ".").contains(where: { $0.hasPrefix("xn--") }) { return "A-label that IDNA 2008 refuses" }
        return nil
    }

    static let permissive = EmailAddress.Policy(allowsReservedTopLevelDomains: true, allowsQuotedLocalPart: true)

    @Test(arguments: ["email-address-isemail/tests.tsv", "email-address-isemail/tests-original.tsv"])
    func isemail(file: String) throws {
        let rows = try Conformance.tsv(file)
        #expect(rows.count > 150)
        var acceptedInvalid: [String] = [], refusedValid: [String] = [], refusedByPolicy: [String: Int] = [:]
        var plainValid = 0
        for row in rows {
            try #require(row.count == 3, "\(row)")
            let address = Self.decoded(row[0])
            let envelope = row[2].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("rfc5321-envelope=") }.map { String($0.dropFirst("rfc5321-envelope=".count)) }
            let verdict = try #require(envelope, "no envelope verdict in \(row)")
            if verdict.hasPrefix("invalid") {
                if Self.accepts(address, .standard) || Self.accepts(address, Self.permissive) {
                    acceptedInvalid.append("\(address.debugSafe) (\(verdict))")
                }
            } else if verdict.hasPrefix("valid") {
                if !verdict.hasPrefix("valid-unusual") { plainValid += 1 }
                if !Self.accepts(address, .standard) {
                    if let reason = Self.policyRefusal(address) {
                        refusedByPolicy[reason, default: 0] += 1
                    } else {
                        refusedValid.append("\(address.debugSafe) (\(verdict))")
                    }
                }
            } else {
                Issue.record("unknown verdict \(verdict) for \(address.debugSafe)")
            }
        }
        #expect(plainValid > 10)
        #expect(acceptedInvalid.isEmpty, "accepted although invalid for an envelope: \(acceptedInvalid)")
        #expect(refusedValid.isEmpty, "refused although valid, and no documented policy covers it: \(refusedValid)")
    }

    @Test func pythonEmailValidator() throws {
        let rows = try Conformance.tsv("email-address-python-email-validator/cases.tsv")
        #expect(rows.count == 154)
        var acceptedInvalid: [String] = [], refusedValid: [String] = []
        for row in rows {
            try #require(row.count == 3, "\(row)")
            let address = Self.decoded(row[0]), expected = row[1], note = row[2]
            // The options the case's test passes, as far as nurture has them.
            let testOptions = note.components(separatedBy: "test opts:").dropFirst().first?.split(separator: ";").first ?? ""
            let policy = EmailAddress.Policy(
                allowsReservedTopLevelDomains: note.contains("test_environment=True"),
                allowsQuotedLocalPart: testOptions.contains("allow_quoted_local=True"))
            switch expected {
            case "invalid":
                if Self.accepts(address, policy) || Self.accepts(address, .standard) {
                    acceptedInvalid.append("\(address.debugSafe) [\(note.prefix(60))]")
                }
            case "valid":
                if !Self.accepts(address, policy), Self.policyRefusal(address) == nil {
                    refusedValid.append("\(address.debugSafe) [\(note.prefix(60))]")
                }
            default:
                Issue.record("unknown expectation \(expected)")
            }
        }
        #expect(acceptedInvalid.isEmpty, "accepted although the suite expects a refusal: \(acceptedInvalid)")
        #expect(refusedValid.isEmpty, "refused although valid, and no documented policy covers it: \(refusedValid)")
    }

    /// Addresses the issue names as accepted before: each refused now.
    @Test(arguments: [".test@iana.org", "two..dot@iana.org", "\"test\"test@iana.org", "test\"@iana.org", "me@;.com", "me@bad.tld-2",
                      "me@\(String(repeating: "a", count: 64)).com", "my@\u{FF0E}leadingfwdot.com"])
    func previouslyAcceptedAreRefused(address: String) {
        #expect(!Self.accepts(address, Self.permissive))
    }
}
