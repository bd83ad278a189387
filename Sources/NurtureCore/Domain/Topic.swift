/// Topics and interests compare after normalisation: lower-cased, trimmed, inner runs of spaces and
/// underscores as one hyphen. "Data Engineering" and "data-engineering" are the same topic.
public enum Topic {
    public static func normalize(_ raw: String) -> String {
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
        var seen = Set<String>()
        var out: [String] = []
        for item in raw {
            let topic = normalize(item)
            if !topic.isEmpty, seen.insert(topic).inserted { out.append(topic) }
        }
        return out
    }
}
