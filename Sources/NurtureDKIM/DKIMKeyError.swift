/// Why a DKIM private key cannot be used. The descriptions say what is wrong with the file and never
/// quote its contents: a key is never printed or logged.
public enum DKIMKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a PEM RSA or Ed25519 private key, nor a base64 Ed25519 seed.
    case unrecognized
    /// A PEM block that the file has, but that is no private key nurture can use (a public key, an
    /// encrypted or OpenSSH key, a certificate…): its label.
    case unsupportedPEM(label: String)
    /// A PEM block whose base64 or DER does not decode as its label says.
    case malformedPEM(label: String)
    /// An RSA key that swift-crypto refuses: damaged, or shorter than the 1024 bits RFC 8301 requires.
    case unusableRSA(label: String)
    /// The key is of another type than the one asked for (an RSA key where an Ed25519 key is wanted).
    case wrongType(expected: DKIMAlgorithm, found: DKIMAlgorithm)
    /// Generating a key failed in the crypto library.
    case generationFailed(String)
    /// Signing failed in the crypto library.
    case signingFailed(String)

    public var description: String {
        switch self {
        case .unrecognized:
            "not a private key: expected a PEM RSA key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY), a PEM Ed25519 key, or a base64 Ed25519 seed"
        case .unsupportedPEM(let label) where label.contains("PUBLIC KEY"):
            "holds a public key (\(label)): DKIM signing needs the private key"
        case .unsupportedPEM(let label) where label.contains("ENCRYPTED"):
            "holds an encrypted key (\(label)): decrypt it first (openssl pkey -in FILE -out PLAIN), keeping the file mode 0600"
        case .unsupportedPEM(let label):
            "holds a \(label), not an RSA or Ed25519 private key in PEM"
        case .malformedPEM(let label):
            "its \(label) block is damaged (bad base64 or not a key of that kind)"
        case .unusableRSA(let label):
            "its \(label) block is not a usable RSA key: damaged, or shorter than the 1024 bits DKIM requires (RFC 8301; 2048 recommended)"
        case .wrongType(let expected, let found):
            "is an \(found.keyType == "rsa" ? "RSA" : "Ed25519") key where an \(expected.keyType == "rsa" ? "RSA" : "Ed25519") key is wanted"
        case .generationFailed(let reason):
            "key generation failed: \(reason)"
        case .signingFailed(let reason):
            "signing failed: \(reason)"
        }
    }
}
