import Crypto
import Foundation

/// The secrets unsubscribe tokens are signed with (`NURTURE_SECRET` or `NURTURE_SECRET_FILE`): the first
/// signs, every one verifies, so rotating the secret keeps the links of mail already sent working. Each
/// secret has a short key id derived from it, carried in the token, so verification needs one HMAC.
public struct UnsubscribeKeys: Sendable {
    struct Key: Sendable {
        var id: String
        /// The secret's bytes (`SymmetricKey` is not `Sendable`; one is made per use).
        var secret: [UInt8]
        var key: SymmetricKey { SymmetricKey(data: secret) }
    }

    let keys: [Key]

    public init(secrets: [String]) {
        precondition(!secrets.isEmpty, "unsubscribe keys need at least one secret")
        keys = secrets.map { secret in
            let digest = SHA256.hash(data: Array("nurture unsubscribe key id\u{0}\(secret)".utf8))
            let id = digest.prefix(4).map { String(format: "%02x", $0) }.joined()
            return Key(id: id, secret: Array(secret.utf8))
        }
    }

    /// From `NURTURE_SECRET` / `NURTURE_SECRET_FILE`; nil when neither is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> UnsubscribeKeys? {
        let secrets = try SecretSource.secrets("NURTURE_SECRET", environment: environment)
        return secrets.isEmpty ? nil : UnsubscribeKeys(secrets: secrets)
    }

    var signing: Key { keys[0] }

    func key(id: Substring) -> Key? { keys.first { $0.id == id } }
}
