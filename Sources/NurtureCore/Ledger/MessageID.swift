/// The Message-ID of a nurture email: unique and stable for (contact, campaign, step, content), so a
/// retry of the same ledger entry reuses it and receivers can de-duplicate.
///
/// `<n.{campaign}.{step}.{hash}.c{contact id}@{sender domain}>`: campaign and step stay readable (reduced
/// to dot-atom text); the hash (64-bit FNV-1a, hex) covers the exact key, so content ids that read alike
/// (`guide.v2`, `guide_v2`) never share an id. `variant` makes a distinct id for the same key (test sends).
public enum MessageID {
    public static func make(contactID: Int64, campaign: String, step: String, contentKey: String, domain: String, variant: String? = nil) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in [campaign, step, contentKey, variant ?? ""].joined(separator: "\u{0}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digest = String(hash, radix: 16).leftPadded(to: 16)
        let host = domain.split(separator: ".").map { atom(String($0)) }.joined(separator: ".")
        let prefix = variant.map { "\(atom($0))." } ?? ""
        return "<\(prefix)n.\(atom(campaign)).\(atom(step)).\(digest).c\(contactID)@\(host)>"
    }

    /// Letters, digits and `-` kept; anything else becomes `_` (dots too, so parts stay distinct).
    static func atom(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let keep = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "-"
            out.unicodeScalars.append(keep ? scalar : "_")
        }
        return out.isEmpty ? "_" : String(out.prefix(64))
    }
}
