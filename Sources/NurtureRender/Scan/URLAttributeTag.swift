/// A tag written inside a URL attribute of an HTML template (`<a href="{{website}}">`): what `validate`
/// warns about when the tag shows contact data, which `render` must check message by message.
struct URLAttributeTag: Hashable, Sendable {
    /// Lower-cased: `href`, `src` …
    var attribute: String
    var tag: MustacheTag

    /// The tags inside URL attributes of an HTML template's text, with their lines. Templates that change
    /// delimiters are not read (nothing is found in them).
    static func find(in text: String) -> [URLAttributeTag] {
        let bytes = Array(text.utf8)
        var found: [URLAttributeTag] = []
        var line = 1
        var counted = 0
        URLAttributeCheck.forEachURLAttribute(in: bytes) { attribute, range in
            for byte in bytes[counted..<range.lowerBound] where byte == UInt8(ascii: "\n") { line += 1 }
            counted = range.lowerBound
            let value = String(decoding: bytes[range], as: UTF8.self)
            guard value.contains("{{"), let tags = try? TagScanner.scan(value) else { return true }
            for var tag in tags {
                tag.line += line - 1
                found.append(URLAttributeTag(attribute: attribute, tag: tag))
            }
            return true
        }
        return found
    }
}
