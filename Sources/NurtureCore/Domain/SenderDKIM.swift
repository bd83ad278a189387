/// Where a sender's DKIM public keys are published: the signing domain (`d=`) and the selector (`s=`) of
/// the key from `NURTURE_DKIM_KEY_FILE`, and of the Ed25519 key when there is one. The private keys
/// themselves never come from a campaign file: only from the environment or a command-line flag.
public struct SenderDKIM: Hashable, Sendable {
    public var domain: String
    public var selector: String
    /// The selector of the Ed25519 key (`NURTURE_DKIM_ED25519_KEY_FILE`); a second signature is added
    /// when that key is configured. A selector names one key, so it differs from `selector`.
    public var ed25519Selector: String?

    public init(domain: String, selector: String, ed25519Selector: String? = nil) {
        self.domain = domain
        self.selector = selector
        self.ed25519Selector = ed25519Selector
    }

    /// True when mail from `address` aligns with `d=` for DMARC (relaxed): its domain is the signing
    /// domain or below it.
    public func aligns(with address: EmailAddress) -> Bool {
        let from = address.asciiDomain.lowercased()     // d= is ASCII: compare A-labels
        let signing = domain.lowercased()
        return from == signing || from.hasSuffix("." + signing)
    }

    /// A DNS domain name as `d=` takes it: dot-separated labels of ASCII letters, digits and inner hyphens,
    /// each 1–63 characters, at most 253 in all, at least two labels.
    public static func isValidDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.utf8.count <= 253 && labels.count >= 2 && labels.allSatisfy(isValidLabel)
    }

    /// A selector (RFC 6376 3.1): one or more labels as in a domain name.
    public static func isValidSelector(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.utf8.count <= 200 && !labels.isEmpty && labels.allSatisfy(isValidLabel)
    }

    private static func isValidLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
        return label.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || scalar == "-"
        }
    }
}
