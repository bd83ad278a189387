/// Why a message could not be signed.
public enum DKIMSigningError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidDomain(String)
    case invalidSelector(String)
    /// The message has no From field: every DKIM signature must cover one (RFC 6376 5.4).
    case noFromField
    case key(DKIMKeyError)

    public var description: String {
        switch self {
        case .invalidDomain(let domain): "DKIM domain '\(domain)' is not a domain name"
        case .invalidSelector(let selector): "DKIM selector '\(selector)' is not a valid selector (letters, digits, inner '-', dot-separated)"
        case .noFromField: "the message has no From field to sign"
        case .key(let error): "DKIM key \(error)"
        }
    }
}
