import Mustache

/// swift-mustache's HTML escaping, made fast: the same five characters (`<`, `>`, `&`, `"`, `'`) become
/// the same entities, so the output is byte for byte what its default `HTMLContentType` writes; ASCII
/// text is escaped byte by byte and text with nothing to escape is returned as is, where swift-mustache
/// looks every character up in a dictionary (about 40,000 instructions per value).
///
/// swift-mustache starts every template and partial in its own HTML content type, so HTML templates are
/// parsed with `TemplateFlavor.htmlPragma` in front, which switches to this one (registered by name).
struct HTMLEscapedContentType: MustacheContentType {
    static let name = "NURTURE_HTML"

    /// Registers the content type with swift-mustache, once, before any template naming it is parsed.
    static let registered: Void = MustacheContentTypes.register(HTMLEscapedContentType(), named: name)

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        var isASCII = true
        var needsEscaping = false
        for byte in text.utf8 {
            if byte >= 0x80 { isASCII = false; break }
            if entity(byte) != nil { needsEscaping = true }
        }
        guard isASCII else { return escapeCharacters(text) }
        guard needsEscaping else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let entity = entity(byte) { out += entity.utf8 } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func entity(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "'"): return "&#39;"
        default: return nil
        }
    }

    /// Character by character, as swift-mustache does: a `<` that a combining mark follows is one
    /// character that is not `<`, and stays as it is.
    private static func escapeCharacters(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
