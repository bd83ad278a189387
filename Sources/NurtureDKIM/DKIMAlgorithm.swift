/// The signing algorithms nurture writes in `a=`: RSA-SHA256 (RFC 6376) and Ed25519-SHA256 (RFC 8463).
public enum DKIMAlgorithm: String, Hashable, Sendable, CaseIterable {
    case rsaSHA256 = "rsa-sha256"
    case ed25519SHA256 = "ed25519-sha256"

    /// The key type as the DNS record's `k=` tag names it.
    public var keyType: String {
        switch self {
        case .rsaSHA256: "rsa"
        case .ed25519SHA256: "ed25519"
        }
    }
}
