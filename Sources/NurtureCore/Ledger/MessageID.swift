/// The Message-ID of a nurture email: unique and stable for (contact, campaign, step, content), so a
/// retry of the same ledger entry reuses it and receivers can de-duplicate.
///
/// `<n.{campaign}.{step}.{content}.{contact id}@{sender domain}>`, with every part reduced to
/// RFC 5322 dot-atom text.
public enum MessageID {
    public static func make(contactID: Int64, campaign: String, step: String, contentKey: String, domain: String) -> String {
        let parts = [campaign, step, contentKey.isEmpty ? "-" : contentKey].map(atom)
        let host = domain.split(separator: ".").map { atom(String($0)) }.joined(separator: ".")
        return "<n.\(parts.joined(separator: ".")).c\(contactID)@\(host)>"
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
