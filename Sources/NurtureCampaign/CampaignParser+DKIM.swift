import NurtureCore

/// The sender's `dkim:` block: the signing domain and selectors. Never the key: a campaign file is
/// shared, reviewed and committed, so a key, or a key file, named in one is refused.
extension CampaignParser {
    static let dkimKeys = ["domain", "selector", "ed25519_selector"]

    static let keyElsewhere = "a campaign file never holds a DKIM key: keep it in a file of mode 0600 and set NURTURE_DKIM_KEY_FILE (NURTURE_DKIM_ED25519_KEY_FILE) or pass --dkim-key FILE"

    func parseSenderDKIM(_ sender: NodeReader, email: EmailAddress?) -> SenderDKIM? {
        guard sender.value("dkim") != nil else { return nil }
        guard let reader = sender.child("dkim", context: "sender dkim") else { return nil }
        var keyNamed = false
        if case let .mapping(mapping) = reader.node {
            for (key, _) in mapping where (key.string ?? "").lowercased().contains("key") {
                problems.add(key, "'\(key.string ?? "")' in sender dkim: \(Self.keyElsewhere)")
                keyNamed = true
            }
        }
        if !keyNamed { reader.checkKeys(Self.dkimKeys) }
        let domain = reader.string("domain", required: true)
        let selector = reader.string("selector", required: true)
        let ed25519Selector = reader.string("ed25519_selector")
        var valid = true
        if let domain, !SenderDKIM.isValidDomain(domain) {
            problems.add(at: reader.line(of: "domain"), "sender dkim domain '\(domain)' is not a domain name (ASCII labels of letters, digits and inner '-', such as mail.example.com)")
            valid = false
        }
        for (key, value) in [("selector", selector), ("ed25519_selector", ed25519Selector)] {
            if let value, !SenderDKIM.isValidSelector(value) {
                problems.add(at: reader.line(of: key), "sender dkim \(key) '\(value)' is not a DKIM selector (letters, digits and inner '-', dot-separated)")
                valid = false
            }
        }
        if let selector, let ed25519Selector, selector.lowercased() == ed25519Selector.lowercased() {
            problems.add(at: reader.line(of: "ed25519_selector"), "sender dkim ed25519_selector must differ from selector: each selector publishes one key")
            valid = false
        }
        guard valid, let domain, let selector else { return nil }
        let dkim = SenderDKIM(domain: domain, selector: selector, ed25519Selector: ed25519Selector)
        if let email, !dkim.aligns(with: email) {
            problems.add(at: reader.line(of: "domain"), "sender dkim domain '\(domain)' does not cover the sender email's domain '\(email.asciiDomain)': DMARC counts a signature only when From's domain is the signing domain or below it")
            return nil
        }
        return dkim
    }

    /// Where a campaign file holds a private key (a PEM block), wherever in the file: reported without
    /// the key, with its line.
    static func privateKeyProblems(yaml: String, file: String) -> [CampaignProblem] {
        var problems: [CampaignProblem] = []
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            problems.append(CampaignProblem(file: file, line: index + 1, message: "this line starts a private key: \(keyElsewhere)"))
        }
        return problems
    }
}
