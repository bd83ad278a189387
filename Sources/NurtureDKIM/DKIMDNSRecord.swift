/// The DNS TXT record that publishes a DKIM public key (RFC 6376 3.6.1, RFC 8463 4.2): its name,
/// `<selector>._domainkey.<domain>`, and its value, `v=DKIM1; k=rsa; p=<base64>`.
public struct DKIMDNSRecord: Hashable, Sendable {
    public var selector: String
    public var domain: String
    public var algorithm: DKIMAlgorithm
    /// `p=`: the public key in base64.
    public var publicKey: String

    /// A TXT record's strings hold at most 255 characters each; longer values are split across several
    /// strings, which DNS clients join back without spaces.
    public static let maxStringLength = 255

    public init(selector: String, domain: String, algorithm: DKIMAlgorithm, publicKey: String) {
        self.selector = selector
        self.domain = domain
        self.algorithm = algorithm
        self.publicKey = publicKey
    }

    public init(selector: String, domain: String, key: DKIMKey) {
        self.init(selector: selector, domain: domain, algorithm: key.algorithm, publicKey: key.publicKeyBase64)
    }

    public var name: String { "\(selector)._domainkey.\(domain)" }

    public var value: String { "v=DKIM1; k=\(algorithm.keyType); p=\(publicKey)" }

    /// `value` in strings of at most 255 characters.
    public var strings: [String] {
        var out: [String] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            out.append(String(rest.prefix(Self.maxStringLength)))
            rest = rest.dropFirst(Self.maxStringLength)
        }
        return out
    }

    /// One zone-file line: `name IN TXT "…" "…"`.
    public var zoneLine: String {
        "\(name) IN TXT " + strings.map { "\"\($0)\"" }.joined(separator: " ")
    }
}
