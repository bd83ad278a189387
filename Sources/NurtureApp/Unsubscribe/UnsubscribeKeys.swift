import Crypto
import Foundation

/// The secrets unsubscribe tokens are signed with (`NURTURE_SECRET` or `NURTURE_SECRET_FILE`): the first
/// signs, every one verifies, so rotating the secret keeps the links of mail already sent working. Each
/// secret has a short key id derived from it, carried in the token, so verification needs one HMAC.
public struct UnsubscribeKeys: Sendable {
    struct Key: Sendable {
        var id: String
        /// HMAC-SHA256 keyed with the secret, before any data: each token copies it and adds its payload,
        /// so the key's two blocks are hashed once, not per link.
        let mac: KeyedMAC
    }

    /// `HMAC<SHA256>` is not marked `Sendable`. This one is never changed after it is made; it is only
    /// copied, and its hash state is copy-on-write (swift-crypto copies the digest context before updating
    /// a shared one), so threads that copy it at once each update their own state.
    struct KeyedMAC: @unchecked Sendable {
        private let keyed: HMAC<SHA256>

        init(secret: [UInt8]) { keyed = HMAC<SHA256>(key: SymmetricKey(data: secret)) }

        func code(for payload: String) -> HMAC<SHA256>.MAC {
            var mac = keyed
            mac.update(data: Array(payload.utf8))
            return mac.finalize()
        }
    }

    let keys: [Key]

    public init(secrets: [String]) {
        precondition(!secrets.isEmpty, "unsubscribe keys need at least one secret")
        keys = secrets.map { secret in
            let digest = SHA256.hash(data: Array("nurture unsubscribe key id\u{0}\(secret)".utf8))
            let id = digest.prefix(4).map { String(format: "%02x", $0) }.joined()
            return Key(id: id, mac: KeyedMAC(secret: Array(secret.utf8)))
        }
    }

    /// From `NURTURE_SECRET` / `NURTURE_SECRET_FILE`; nil when neither is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> UnsubscribeKeys? {
        let secrets = try SecretSource.secrets("NURTURE_SECRET", environment: environment)
        return secrets.isEmpty ? nil : UnsubscribeKeys(secrets: secrets)
    }

    var signing: Key { keys[0] }

    /// The id of the key new tokens are signed with (it appears in every token).
    public var signingKeyID: String { signing.id }

    func key(id: Substring) -> Key? { keys.first { $0.id == id } }
}
