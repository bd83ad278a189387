import NurtureCore
import Testing

struct EmailAddressTests {
    @Test func aPlainAddressKeepsItsLocalPartAndLowerCasesTheDomain() throws {
        let address = try EmailAddress("Ann.Lee+news@Example.COM")
        #expect(address.localPart == "Ann.Lee+news")
        #expect(address.domain == "example.com")
        #expect(address.value == "Ann.Lee+news@example.com")
        #expect(address.envelope == address.value)
        #expect(!address.requiresSMTPUTF8)
    }

    @Test func anInternationalDomainGoesOnTheWireAsALabels() throws {
        let address = try EmailAddress("jeff@臺網中心.tw")
        #expect(address.domain == "臺網中心.tw")
        #expect(address.envelope == "jeff@xn--fiqq24b10vi0d.tw")
        #expect(address.asciiDomain == "xn--fiqq24b10vi0d.tw")
        #expect(!address.requiresSMTPUTF8)
    }

    /// UTS #46 mapping: the three full-stop variants, full-width letters and upper case fold to one key.
    @Test(arguments: ["user@BÜCHER.de", "user@bücher。de", "user@bücher．de", "user@bücher｡de", "user@ｂüｃｈｅｒ.de", "user@xn--bcher-kva.de", "user@XN--BCHER-KVA.DE"])
    func spellingsOfOneDomainAreOneAddress(_ text: String) throws {
        let address = try EmailAddress(text)
        #expect(address.value == "user@bücher.de")
        #expect(address.envelope == "user@xn--bcher-kva.de")
    }

    @Test(arguments: [
        "user@xn--0.tld", "user@xn--example.com", "user@xn--test-.com", "user@xn--bcher-kva", "user@yy--0.tld",
        "user@\(String(String.UnicodeScalarView((0..<30).map { Unicode.Scalar(0x4E00 + $0 * 97)! }))).de", "user@⒈wouldbeinvalid.com", "user@a\u{200B}b.com", "user@\u{0300}a.com",
        "user@exa_mple.com", "user@example.123", "user@example.tld-2", "user@-example.com", "user@example-.com",
        "user@[127.0.0.1]", "user@localhost", "user@example", "user@host.local", "user@x.onion", "user@1.in-addr.arpa",
    ])
    func badDomainsAreRefused(_ text: String) {
        #expect(throws: EmailAddressError.self, "\(text)") { try EmailAddress(text, policy: .reservedDomainsAllowed) }
    }

    @Test(arguments: ["a@b.test", "a@b.example", "a@b.invalid", "a@b.localhost", "a@B.EXAMPLE"])
    func reservedTopLevelDomainsOnlyByPolicy(_ text: String) throws {
        let error = #expect(throws: EmailAddressError.self) { try EmailAddress(text) }
        #expect(error?.description.contains("reserved for documentation and tests (allowed when NURTURE_ALLOW_RESERVED_DOMAINS=1)") == true)
        #expect(try EmailAddress(text, policy: .reservedDomainsAllowed).value == text.lowercased())
        #expect(EmailAddress.Policy.fromEnvironment(["NURTURE_ALLOW_RESERVED_DOMAINS": "1"]) == .reservedDomainsAllowed)
        #expect(EmailAddress.Policy.fromEnvironment(["NURTURE_ALLOW_RESERVED_DOMAINS": ""]) == .standard)
        #expect(EmailAddress.Policy.fromEnvironment([:]) == .standard)
    }

    @Test func quotedLocalPartsOnlyByPolicyAndOnlyWellFormed() throws {
        let quoted = EmailAddress.Policy(allowsQuotedLocalPart: true)
        #expect(throws: EmailAddressError.quotedLocalPart(raw: "\"a.b\"@iana.org")) { try EmailAddress("\"a.b\"@iana.org") }
        #expect(try EmailAddress("\"a..b@c\"@iana.org", policy: quoted).envelope == "\"a..b@c\"@iana.org")
        for bad in ["\"a\"b\"@iana.org", "\"ab@iana.org", "\"\"@iana.org", "\"a b\"@iana.org", "\"a\\\\b\"@iana.org", "x\"a\"@iana.org"] {
            #expect(throws: EmailAddressError.self, "\(bad)") { try EmailAddress(bad, policy: quoted) }
        }
    }

    @Test(arguments: [".a@iana.org", "a.@iana.org", "a..b@iana.org", "@iana.org", "a\"b@iana.org", "a@b@iana.org",
                      "\(String(repeating: "x", count: 65))@iana.org", "\(String(repeating: "é", count: 33))@iana.org", "\u{0300}a@iana.org",
                      "a\u{200B}@iana.org", "a\u{E000}@iana.org"])
    func badLocalPartsAreRefused(_ text: String) {
        #expect(throws: EmailAddressError.self, "\(text)") { try EmailAddress(text) }
    }

    @Test func aNonASCIILocalPartNeedsSMTPUTF8AndIsNormalizedToNFC() throws {
        let address = try EmailAddress("jo\u{0065}\u{0301}@bücher.de")
        #expect(address.localPart == "jo\u{00E9}")
        #expect(address.requiresSMTPUTF8)
        #expect(address.envelope == "jo\u{00E9}@xn--bcher-kva.de")
    }

    /// Nothing that could end a header or an SMTP command, whatever the policy.
    @Test(arguments: ["a\r\n@iana.org", "a@iana.org\r\nRCPT TO:<x@y.org>", "a\u{0}@iana.org", "a@iana.org\u{2028}", "a\u{85}@iana.org",
                      "<a@iana.org>", "a,b@iana.org", " a@iana.org", "a@iana.org "])
    func forbiddenCharactersAreRefused(_ text: String) {
        let permissive = EmailAddress.Policy(allowsReservedTopLevelDomains: true, allowsQuotedLocalPart: true)
        #expect(throws: EmailAddressError.self, "\(text.debugSafe)") { try EmailAddress(text, policy: permissive) }
    }

    @Test func lengthsAreCountedInOctetsOfTheEnvelopeForm() throws {
        let label = String(repeating: "a", count: 63)
        let domain = "\(label).\(label).\(label).\(String(repeating: "b", count: 57)).com"   // 253 octets
        #expect(domain.utf8.count == 253)
        let local = "x"
        #expect(throws: EmailAddressError.self) { try EmailAddress("\(local)@\(domain)") }   // 255 in all
        let fits = "\(label).\(label).\(label).\(String(repeating: "b", count: 55)).com"
        #expect(try EmailAddress("x@\(fits)").value.utf8.count == 253)
        #expect(throws: EmailAddressError.self) { try EmailAddress("x@\(label)a.com") }
    }

    @Test func errorDescriptionsAreOneLineNamingTheProblem() {
        let cases: [(String, String)] = [
            ("two..dots@iana.org", "email 'two..dots@iana.org' has an invalid local part: it has two dots in a row"),
            ("me@bad.tld-2", "email 'me@bad.tld-2' has an invalid domain: 'tld-2' is not a valid top-level domain"),
            ("me@io", "email 'me@io' has an invalid domain: the domain has a single label (a mail domain needs a dot)"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: EmailAddressError.self) { try EmailAddress(text) }
            #expect(error?.description == expected)
        }
    }
}
