import Crypto
import Foundation

/// The token of an unsubscribe link: who (the contact's store id) and from what (a campaign), signed.
///
/// Text form: `CONTACT.CAMPAIGN.KEYID.MAC`: the contact id in decimal, the campaign name (lower-case
/// letters, digits, `-`, `_`), the signing key's id, and the first 16 bytes of HMAC-SHA256 over
/// `CONTACT.CAMPAIGN.KEYID` in base64url. Every character is URL-safe. Ids are not secret; the MAC makes
/// the token unguessable and untamperable: changing any part, or signing with a retired secret, fails.
public struct UnsubscribeToken: Hashable, Sendable {
    public var contactID: Int64
    public var campaign: String

    public init(contactID: Int64, campaign: String) {
        self.contactID = contactID
        self.campaign = campaign
    }

    static let macBytes = 16

    /// The token signed with the current key.
    public func signed(with keys: UnsubscribeKeys) -> String {
        let key = keys.signing
        let payload = "\(contactID).\(campaign).\(key.id)"
        return "\(payload).\(Self.mac(payload, key: key))"
    }

    /// The token `text` names, when one of `keys` signed it; nil for anything else (malformed, tampered,
    /// truncated, signed with a secret no longer configured). Never says which.
    public static func verify(_ text: String, with keys: UnsubscribeKeys) -> UnsubscribeToken? {
        guard text.utf8.count <= 200 else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, let contactID = Int64(parts[0]), contactID > 0,
              !parts[1].isEmpty, parts[1].utf8.allSatisfy(Self.isNameByte),
              let key = keys.key(id: parts[2])
        else { return nil }
        let payload = "\(parts[0]).\(parts[1]).\(parts[2])"
        // The MAC's text compared with the expected text, not decoded bytes: base64 has several spellings of
        // the last character's unused bits, and only the canonical one is the token. Constant time: every
        // byte is compared whatever differs first.
        guard ConstantTime.equal(Array(mac(payload, key: key).utf8), Array(parts[3].utf8)) else { return nil }
        return UnsubscribeToken(contactID: contactID, campaign: String(parts[1]))
    }

    private static func mac(_ payload: String, key: UnsubscribeKeys.Key) -> String {
        let code = key.mac.code(for: payload)
        return Base64URL.encode(Array(code.prefix(macBytes)))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
    }
}
