/// Topics and interests compare after normalisation: lower-cased, trimmed, inner runs of spaces and
/// underscores as one hyphen. "Data Engineering" and "data-engineering" are the same topic.
public enum Topic {
    public static func normalize(_ raw: String) -> String {
        if isNormalized(raw) { return raw }
        var out = ""
        var pendingHyphen = false
        for scalar in raw.trimmingASCIIWhitespace().lowercased().unicodeScalars {
            if scalar == " " || scalar == "_" || scalar == "\t" || scalar == "-" {
                pendingHyphen = !out.isEmpty
                continue
            }
            if pendingHyphen { out += "-"; pendingHyphen = false }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Normalised, de-duplicated, in first-seen order, empties dropped.
    public static func normalizeList(_ raw: some Sequence<String>) -> [String] {
        var out: [String] = []
        // Lists are short (a contact's interests, an item's topics): a linear search beats hashing, up to a point.
        var seen = Set<String>()
        for item in raw {
            let topic = normalize(item)
            guard !topic.isEmpty else { continue }
            let isNew = out.count < 16 ? !out.contains(topic) : seen.insert(topic).inserted
            guard isNew else { continue }
            out.append(topic)
            if out.count == 16 { seen = Set(out) }
        }
        return out
    }

    /// True when `raw` is already what `normalize` makes of it, for the common case of lower-case ASCII
    /// letters, digits and single inner hyphens (what the store holds): no work then.
    /// Read over the contiguous bytes (every contact's interests are checked when it is read).
    private static func isNormalized(_ raw: String) -> Bool {
        var raw = raw
        return raw.withUTF8 { utf8 in
            var previous: UInt8 = UInt8(ascii: "-")
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
                case UInt8(ascii: "-") where previous != UInt8(ascii: "-"): break
                default: return false
                }
                previous = byte
            }
            return previous != UInt8(ascii: "-")
        }
    }
}
