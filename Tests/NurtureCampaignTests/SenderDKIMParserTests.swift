import Foundation
import NurtureCampaign
import NurtureCore
import Testing

/// The sender's `dkim:` block: domain and selectors read and checked with their lines, and a key (or a
/// key file) in a campaign file refused.
struct SenderDKIMParserTests {
    func campaign(dkim: String) -> String {
        CampaignLoaderTests.minimal.replacingOccurrences(
            of: "  postal_address: 12 Harbour Street, Bristol\n",
            with: "  postal_address: 12 Harbour Street, Bristol\n  dkim:\n" + dkim.split(separator: "\n").map { "    \($0)\n" }.joined()
        )
    }

    func parse(_ yaml: String) -> (SenderDKIM?, [String]) {
        let (loaded, problems) = CampaignLoader.parse(yaml: yaml, file: "c.yaml", addressPolicy: .reservedDomainsAllowed)
        return (loaded?.campaign.sender.dkim, problems.map(\.description))
    }

    @Test func readsTheDomainAndSelectors() throws {
        let (dkim, problems) = parse(campaign(dkim: "domain: northwind.example\nselector: nurture2026\ned25519_selector: nurture2026-ed"))
        #expect(problems == [])
        #expect(dkim == SenderDKIM(domain: "northwind.example", selector: "nurture2026", ed25519Selector: "nurture2026-ed"))
        #expect(parse(CampaignLoaderTests.minimal).0 == nil, "no dkim block, no signing settings")
    }

    @Test func theSampleCampaignNamesItsSelectors() throws {
        let loaded = try CampaignLoader.load(path: CampaignLoaderTests.sample, addressPolicy: .reservedDomainsAllowed)
        let dkim = try #require(loaded.campaign.sender.dkim)
        #expect(dkim.aligns(with: loaded.campaign.sender.email))
        #expect(dkim.ed25519Selector != nil)
    }

    /// `d=` is ASCII: an international sender domain aligns with its A-label form.
    @Test func anInternationalSenderAlignsWithItsALabelDomain() throws {
        let dkim = SenderDKIM(domain: "xn--bcher-kva.example", selector: "s1")
        #expect(dkim.aligns(with: try EmailAddress("news@bücher.example", policy: .reservedDomainsAllowed)))
        #expect(!dkim.aligns(with: try EmailAddress("news@other.example", policy: .reservedDomainsAllowed)))
    }

    @Test func aSubdomainSenderAlignsWithItsParentDomain() {
        let yaml = campaign(dkim: "domain: example\nselector: s").replacingOccurrences(of: "maya@northwind.example", with: "maya@mail.northwind.example")
        #expect(parse(yaml.replacingOccurrences(of: "domain: example", with: "domain: northwind.example")).1 == [])
    }

    @Test(arguments: [
        ("domain: northwind.example", "c.yaml:8: sender dkim is missing 'selector'"),
        ("selector: s1", "c.yaml:8: sender dkim is missing 'domain'"),
        ("domain: northwind..example\nselector: s1", "c.yaml:8: sender dkim domain 'northwind..example' is not a domain name (ASCII labels of letters, digits and inner '-', such as mail.example.com)"),
        ("domain: northwind.example\nselector: s_1", "c.yaml:9: sender dkim selector 's_1' is not a DKIM selector (letters, digits and inner '-', dot-separated)"),
        ("domain: northwind.example\nselector: s1\ned25519_selector: S1", "c.yaml:10: sender dkim ed25519_selector must differ from selector: each selector publishes one key"),
        ("domain: other.example\nselector: s1", "c.yaml:8: sender dkim domain 'other.example' does not cover the sender email's domain 'northwind.example': DMARC counts a signature only when From's domain is the signing domain or below it"),
        ("domain: northwind.example\nselector: s1\nselectr: s2", "c.yaml:10: unknown key 'selectr' in sender dkim (did you mean 'selector'?); known keys: domain, selector, ed25519_selector"),
    ])
    func badSettingsSayWhere(dkim: String, problem: String) {
        let (parsed, problems) = parse(campaign(dkim: dkim))
        #expect(problems == [problem])
        // An unknown key is reported without dropping the rest (the file is refused either way).
        #expect((parsed == nil) != problem.contains("unknown key"))
    }

    @Test func aKeyOrKeyFileInTheCampaignIsRefused() {
        for key in ["private_key: abc", "key_file: /etc/dkim.pem", "KEY: x"] {
            let (_, problems) = parse(campaign(dkim: "domain: northwind.example\nselector: s1\n\(key)"))
            #expect(problems.count == 1, "\(key): \(problems)")
            #expect(problems.first?.hasPrefix("c.yaml:10: '") == true, "\(problems)")
            #expect(problems.first?.contains("a campaign file never holds a DKIM key") == true, "\(problems)")
        }
    }

    @Test func aPEMKeyAnywhereInTheFileIsRefusedWithoutShowingIt() {
        let secret = "MIIEowIBAAKCAQEAsecretsecretsecret"
        let yaml = CampaignLoaderTests.minimal + "description: |\n  -----BEGIN RSA PRIVATE KEY-----\n  \(secret)\n  -----END RSA PRIVATE KEY-----\n"
        let (loaded, problems) = CampaignLoader.parse(yaml: yaml, file: "c.yaml", addressPolicy: .reservedDomainsAllowed)
        #expect(loaded == nil)
        let line = yaml.components(separatedBy: "\n").firstIndex { $0.contains("-----BEGIN") }.map { $0 + 1 }
        #expect(line == 18)
        #expect(problems.map(\.description) == ["c.yaml:\(line ?? 0): this line starts a private key: a campaign file never holds a DKIM key: keep it in a file of mode 0600 and set NURTURE_DKIM_KEY_FILE (NURTURE_DKIM_ED25519_KEY_FILE) or pass --dkim-key FILE"])
        #expect(!problems.description.contains(secret))
    }
}
