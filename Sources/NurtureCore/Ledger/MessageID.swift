/// The Message-ID of a nurture email: unique and stable for (contact, campaign, step, content), so a
/// retry of the same ledger entry reuses it and receivers can de-duplicate.
///
/// `<n.{campaign}.{step}.{hash}.c{contact id}@{sender domain}>`: campaign and step stay readable (reduced
/// to dot-atom text); the hash (64-bit FNV-1a, hex) covers the exact key, so content ids that read alike
/// (`guide.v2`, `guide_v2`) never share an id. `variant` makes a distinct id for the same key (test sends).
public enum MessageID {
    public static func make(contactID: Int64, campaign: String, step: String, contentKey: String, domain: String, variant: String? = nil) -> String {
        // FNV-1a over the parts joined by NUL, hashed part by part.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (index, part) in [campaign, step, contentKey, variant ?? ""].enumerated() {
            if index > 0 { hash = hash &* 0x100_0000_01b3 } // the NUL between parts: hash ^ 0 == hash
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        let digest = String(hash, radix: 16).leftPadded(to: 16)
        // An ASCII domain (what callers pass: the A-label form) is cut at its dot bytes, as the
        // Character split does for ASCII text; any other text is cut by Characters.
        let labels = domain.utf8.allSatisfy({ $0 < 0x80 })
            ? domain.utf8.split(separator: UInt8(ascii: ".")).map { String(Substring($0)) }
            : domain.split(separator: ".").map(String.init)
        let host = labels.map(atom).joined(separator: ".")
        let prefix = variant.map { "\(atom($0))." } ?? ""
        return "<\(prefix)n.\(atom(campaign)).\(atom(step)).\(digest).c\(contactID)@\(host)>"
    }

    /// Letters, digits and `-` kept; anything else becomes `_` (dots too, so parts stay distinct).
    static func atom(_ text: String) -> String {
        // Read as UTF-8: an ASCII byte is its own scalar, and every other scalar has exactly one lead
        // byte (0xC0 and up) besides its continuation bytes (0x80-0xBF), so it becomes one `_`.
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, 64))
        for byte in text.utf8 where out.count < 64 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"):
                out.append(byte)
            case 0x80...0xBF:
                continue
            default:
                out.append(UInt8(ascii: "_"))
            }
        }
        return out.isEmpty ? "_" : String(decoding: out, as: UTF8.self)
    }
}
