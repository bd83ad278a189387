/// An Ed25519 private key as PKCS#8 DER (RFC 8410), as `openssl genpkey -algorithm ed25519` writes it:
/// a fixed 16-byte prefix (version 0, algorithm id-Ed25519 1.3.101.112, an OCTET STRING holding the
/// 32-byte seed as an OCTET STRING) and the seed. swift-crypto has no PEM form for Ed25519 keys, so
/// the encoding is done here; the key itself is swift-crypto's.
enum DKIMEd25519PKCS8 {
    static let prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let seedLength = 32

    /// The seed, when `der` is an Ed25519 PKCS#8 private key (without the optional public key).
    static func seed(fromDER der: [UInt8]) -> [UInt8]? {
        guard der.count == prefix.count + seedLength, der.starts(with: prefix) else { return nil }
        return Array(der[prefix.count...])
    }

    /// True when `der` names the Ed25519 algorithm, well formed or not: to tell a damaged Ed25519 key from an RSA one.
    static func namesEd25519(_ der: [UInt8]) -> Bool {
        der.count > 12 && der[5...11].elementsEqual([0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70])
    }

    static func der(seed: [UInt8]) -> [UInt8] { prefix + seed }
}
