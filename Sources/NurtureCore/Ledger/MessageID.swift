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
        var out: [UInt8] = []
        out.reserveCapacity(48 + campaign.utf8.count + step.utf8.count + domain.utf8.count)
        out.append(UInt8(ascii: "<"))
        if let variant {
            appendAtom(variant.utf8, to: &out)
            out.append(UInt8(ascii: "."))
        }
        out += "n.".utf8
        appendAtom(campaign.utf8, to: &out)
        out.append(UInt8(ascii: "."))
        appendAtom(step.utf8, to: &out)
        out.append(UInt8(ascii: "."))
        // The hash as 16 lower-case hex digits, zero-padded.
        for shift in stride(from: 60, through: 0, by: -4) {
            let digit = UInt8(truncatingIfNeeded: hash >> UInt64(shift)) & 0xF
            out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
        out += ".c".utf8
        out += String(contactID).utf8
        out.append(UInt8(ascii: "@"))
        // An ASCII domain (what callers pass: the A-label form) is cut at its dot bytes, as the
        // Character split does for ASCII text; any other text is cut by Characters.
        if domain.utf8.allSatisfy({ $0 < 0x80 }) {
            for (index, label) in domain.utf8.split(separator: UInt8(ascii: ".")).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ".")) }
                appendAtom(label, to: &out)
            }
        } else {
            out += domain.split(separator: ".").map { atom(String($0)) }.joined(separator: ".").utf8
        }
        out.append(UInt8(ascii: ">"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Letters, digits and `-` kept; anything else becomes `_` (dots too, so parts stay distinct).
    static func atom(_ text: String) -> String {
        var out: [UInt8] = []
        appendAtom(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `atom` of the UTF-8 `text` to `out`: at most 64 bytes, and `_` for text that leaves none.
    private static func appendAtom(_ text: some Sequence<UInt8>, to out: inout [UInt8]) {
        // Read as UTF-8: an ASCII byte is its own scalar, and every other scalar has exactly one lead
        // byte (0xC0 and up) besides its continuation bytes (0x80-0xBF), so it becomes one `_`.
        var written = 0
        for byte in text where written < 64 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"):
                out.append(byte)
            case 0x80...0xBF:
                continue
            default:
                out.append(UInt8(ascii: "_"))
            }
            written += 1
        }
        if written == 0 { out.append(UInt8(ascii: "_")) }
    }
}
