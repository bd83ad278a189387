import Crypto
import _CryptoExtras
import Foundation

/// A DKIM private key: RSA (for `rsa-sha256`) or Ed25519 (for `ed25519-sha256`), read once and kept for
/// the run. Parsing, generation and signing are swift-crypto's; this type only tells the formats apart.
///
/// Read from a PEM file (`BEGIN RSA PRIVATE KEY`, or `BEGIN PRIVATE KEY` holding an RSA or Ed25519 key) or,
/// for Ed25519, the base64 32-byte seed that dkimpy and OpenDKIM use. Its description names the type and
/// size, never the key.
public struct DKIMKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    enum Storage: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Ed25519Box)
    }

    /// swift-crypto 3 does not mark its Ed25519 private key Sendable, though it is an immutable value
    /// (its storage is written once, at creation, and signing only reads it). Boxed so the parsed key
    /// can be shared by the run's tasks instead of being parsed again for each message.
    final class Ed25519Box: @unchecked Sendable {
        let key: Curve25519.Signing.PrivateKey
        init(_ key: Curve25519.Signing.PrivateKey) { self.key = key }
    }

    let storage: Storage

    public static let defaultRSABits = 2048

    public init(fileContents text: String) throws(DKIMKeyError) {
        if let block = DKIMPEM.firstBlock(in: text) {
            guard let der = block.der else { throw .malformedPEM(label: block.label) }
            switch block.label {
            case "RSA PRIVATE KEY":
                self = try Self.rsa(der: der, label: block.label)
            case "PRIVATE KEY":
                if DKIMEd25519PKCS8.namesEd25519(der) {
                    guard let seed = DKIMEd25519PKCS8.seed(fromDER: der) else { throw .malformedPEM(label: block.label) }
                    self = try Self.ed25519(seed: seed, label: block.label)
                } else {
                    self = try Self.rsa(der: der, label: block.label)
                }
            default:
                throw .unsupportedPEM(label: block.label)
            }
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace),
              let seed = Data(base64Encoded: trimmed), seed.count == DKIMEd25519PKCS8.seedLength else {
            throw .unrecognized
        }
        self = try Self.ed25519(seed: [UInt8](seed), label: "Ed25519 seed")
    }

    /// A new RSA key of `bits` (at least 2048).
    public static func generateRSA(bits: Int = defaultRSABits) throws(DKIMKeyError) -> DKIMKey {
        do {
            return DKIMKey(storage: .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))))
        } catch {
            throw .generationFailed("\(error)")
        }
    }

    /// A new Ed25519 key.
    public static func generateEd25519() -> DKIMKey {
        DKIMKey(storage: .ed25519(Ed25519Box(Curve25519.Signing.PrivateKey())))
    }

    init(storage: Storage) { self.storage = storage }

    private static func rsa(der: [UInt8], label: String) throws(DKIMKeyError) -> DKIMKey {
        do {
            // The "unsafe" initializer accepts 1024 bits and up (the library's own floor is 2048): RFC 8301's minimum.
            return DKIMKey(storage: .rsa(try _RSA.Signing.PrivateKey(unsafeDERRepresentation: der)))
        } catch {
            throw .unusableRSA(label: label)
        }
    }

    private static func ed25519(seed: [UInt8], label: String) throws(DKIMKeyError) -> DKIMKey {
        do {
            return DKIMKey(storage: .ed25519(Ed25519Box(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))))
        } catch {
            throw .malformedPEM(label: label)
        }
    }

    /// The algorithm this key signs with.
    public var algorithm: DKIMAlgorithm {
        switch storage {
        case .rsa: .rsaSHA256
        case .ed25519: .ed25519SHA256
        }
    }

    /// The RSA modulus length; 256 for Ed25519.
    public var bits: Int {
        switch storage {
        case .rsa(let key): key.keySizeInBits
        case .ed25519: 256
        }
    }

    /// The DNS record's `p=`: the RSA public key as SubjectPublicKeyInfo DER (RFC 6376 3.6.1), or the raw
    /// 32-byte Ed25519 public key (RFC 8463 4.2), in base64.
    public var publicKeyBase64: String {
        switch storage {
        case .rsa(let key): key.publicKey.derRepresentation.base64EncodedString()
        case .ed25519(let box): box.key.publicKey.rawRepresentation.base64EncodedString()
        }
    }

    /// The key as a PEM file: PKCS#1 `RSA PRIVATE KEY` for RSA, PKCS#8 `PRIVATE KEY` for Ed25519 (both
    /// as OpenSSL writes them). Only for writing the key file.
    public var pemRepresentation: String {
        switch storage {
        case .rsa(let key): key.pemRepresentation
        case .ed25519(let box): DKIMPEM.encode(label: "PRIVATE KEY", der: DKIMEd25519PKCS8.der(seed: [UInt8](box.key.rawRepresentation)))
        }
    }

    /// Signs the SHA-256 hash of the canonicalized headers: RSASSA-PKCS1-v1_5 for RSA (RFC 6376 3.3.1),
    /// PureEdDSA over the 32 hash bytes for Ed25519 (RFC 8463 3).
    public func signature(forHash hash: SHA256.Digest) throws(DKIMKeyError) -> [UInt8] {
        do {
            switch storage {
            case .rsa(let key):
                return [UInt8](try key.signature(for: hash, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ed25519(let box):
                return [UInt8](try box.key.signature(for: Data(hash)))
            }
        } catch {
            throw .signingFailed("\(error)")
        }
    }

    /// Names the kind of key and its size, never the key.
    public var description: String {
        switch storage {
        case .rsa: "RSA \(bits)-bit key"
        case .ed25519: "Ed25519 key"
        }
    }

    public var debugDescription: String { description }
}
