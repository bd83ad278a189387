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
        var utf8 = text
        return utf8.withUTF8 { bytes in
            // Non-ASCII text goes character by character; else count the bytes to escape.
            var escapes = 0
            for byte in bytes {
                if byte >= 0x80 { return escapeCharacters(text) }
                if isEscaped(byte) { escapes += 1 }
            }
            guard escapes > 0 else { return text }
            return String(unsafeUninitializedCapacity: bytes.count + 5 * escapes) { out in
                var count = 0
                for byte in bytes {
                    if isEscaped(byte), let entity = entity(byte) {
                        for entityByte in entity.utf8 {
                            out[count] = entityByte
                            count += 1
                        }
                    } else {
                        out[count] = byte
                        count += 1
                    }
                }
                return count
            }
        }
    }

    /// `"` (34), `&` (38), `'` (39), `<` (60) and `>` (62): the bytes `entity` names, as bits of a mask.
    private static var escapedMask: UInt64 { 1 << 34 | 1 << 38 | 1 << 39 | 1 << 60 | 1 << 62 }

    /// Whether `entity(byte)` is not nil.
    @inline(__always)
    private static func isEscaped(_ byte: UInt8) -> Bool {
        byte < 64 && escapedMask >> UInt64(byte) & 1 != 0
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
