import Foundation

/// Finds, in rendered HTML, a URL attribute (`href`, `src`, `action` …) whose value a browser would run or
/// load as something other than a web page or an email address: `javascript:`, `data:`, `vbscript:` or any
/// other scheme but `http`, `https` and `mailto`. Contact data is hostile; a value that lands in a link must
/// not become a script. Relative and fragment URLs pass (harmless, if useless, in an email).
enum URLAttributeCheck {
    static let attributes: Set<String> = ["href", "src", "action", "formaction", "background", "poster", "cite", "longdesc", "xlink:href", "srcset"]
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The first refused attribute: its name and value as written, or nil when every URL is allowed.
    static func firstRefused(in html: String) -> (attribute: String, value: String)? {
        let bytes = Array(html.utf8)
        var refused: (attribute: String, value: String)?
        forEachURLAttribute(in: bytes) { name, range in
            if name != "srcset", isAllowed(bytes[range]) { return true }
            let value = String(decoding: bytes[range], as: UTF8.self)
            let candidates = name == "srcset" ? value.split(separator: ",").map { String($0.split(separator: " ").first ?? "") } : [value]
            guard candidates.contains(where: { !isAllowed($0) }) else { return true }
            refused = (name, value)
            return false
        }
        return refused
    }

    /// Calls `body` with the name (lower-cased) and the value's byte range of every URL attribute in `bytes`,
    /// in order, until it returns false. Tags are read as a browser reads them: `<`, then attributes
    /// `name`, `name=value`, `name="value"` or `name='value'`, up to `>`.
    static func forEachURLAttribute(in bytes: [UInt8], _ body: (String, Range<Int>) -> Bool) {
        bytes.withUnsafeBufferPointer { forEachURLAttribute(in: $0, body) }
    }

    /// `forEachURLAttribute(in:_:)` over the array's storage.
    private static func forEachURLAttribute(in bytes: UnsafeBufferPointer<UInt8>, _ body: (String, Range<Int>) -> Bool) {
        var index = 0
        var inTag = false
        while index < bytes.count {
            let byte = bytes[index]
            if !inTag {
                // Text between tags: straight to the next `<`.
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                inTag = index < bytes.count
                index += 1
                continue
            }
            if byte == UInt8(ascii: ">") { inTag = false; index += 1; continue }
            // An attribute name, then optional `= value`.
            guard isNameByte(byte) else { index += 1; continue }
            let nameStart = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let name = urlAttribute(named: bytes[nameStart..<index])
            var look = index
            while look < bytes.count, isSpace(bytes[look]) { look += 1 }
            guard look < bytes.count, bytes[look] == UInt8(ascii: "=") else { continue }
            look += 1
            while look < bytes.count, isSpace(bytes[look]) { look += 1 }
            guard look < bytes.count else { break }
            let valueStart: Int
            let valueEnd: Int
            if bytes[look] == UInt8(ascii: "\"") || bytes[look] == UInt8(ascii: "'") {
                let quote = bytes[look]
                valueStart = look + 1
                var end = valueStart
                while end < bytes.count, bytes[end] != quote { end += 1 }
                valueEnd = end
                index = min(bytes.count, end + 1)
            } else {
                valueStart = look
                var end = look
                while end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: ">") { end += 1 }
                valueEnd = end
                index = end
            }
            guard let name else { continue }
            guard body(name, valueStart..<valueEnd) else { return }
        }
    }

    /// `isAllowed(_:)` of the UTF-8 `value`, read in place when the text before its first `/`, `?`, `#`,
    /// `&` or `:` is visible ASCII (what every web link is); any other value is decoded and read by
    /// `isAllowed(_:)`.
    static func isAllowed(_ value: ArraySlice<UInt8>) -> Bool {
        var schemeEnd = value.startIndex
        for byte in value {
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): return true
            case UInt8(ascii: "&"): return false
            case UInt8(ascii: ":"):
                let scheme = value[value.startIndex..<schemeEnd]
                return allowedSchemeBytes.contains { $0.count == scheme.count && zip($0, scheme).allSatisfy { $0 == asciiLowercased($1) } }
            case 0x21...0x7E: schemeEnd += 1
            default: return isAllowed(String(decoding: value, as: UTF8.self))
            }
        }
        return true
    }

    /// As a browser reads it: ASCII whitespace and controls anywhere are dropped, then the scheme is what
    /// comes before the first `:` if that is before any `/`, `?` or `#`.
    static func isAllowed(_ url: String) -> Bool {
        var cleaned: [UInt8] = []
        for byte in url.utf8 where byte > 0x20 && byte != 0x7F { cleaned.append(byte) }
        // Character references a browser would decode in an attribute (`&colon;`, `&#58;`) are refused when
        // they could hide a scheme: any `&` before the first `/`, `?` or `#`.
        var scheme: [UInt8] = []
        for byte in cleaned {
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return true }
            if byte == UInt8(ascii: "&") { return false }
            if byte == UInt8(ascii: ":") {
                if scheme.allSatisfy({ $0 < 0x80 }) {
                    let lower = scheme.map(asciiLowercased)
                    return allowedSchemeBytes.contains { $0 == lower }
                }
                return allowedSchemes.contains(String(decoding: scheme, as: UTF8.self).lowercased())
            }
            scheme.append(byte)
        }
        return true
    }

    /// An attribute value with the five references Mustache's escaping writes turned back into characters,
    /// to find which shown value it came from.
    static func unescaped(_ value: String) -> String {
        value.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `allowedSchemes` as bytes: an ASCII scheme is compared without making a string.
    private static let allowedSchemeBytes = allowedSchemes.map { Array($0.utf8) }

    /// `attributes` as bytes, by length (index: the name's length in bytes), to match names without making
    /// a string of every attribute of the page.
    private static let attributeBytesByLength: [[(bytes: [UInt8], name: String)]] = {
        var byLength = [[(bytes: [UInt8], name: String)]](repeating: [], count: (attributes.map(\.utf8.count).max() ?? 0) + 1)
        for name in attributes { byLength[name.utf8.count].append((Array(name.utf8), name)) }
        return byLength
    }()

    /// The entry of `attributes` that the name `bytes` is, ignoring case (names are ASCII), if any.
    private static func urlAttribute(named bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> String? {
        guard bytes.count < attributeBytesByLength.count else { return nil }
        for candidate in attributeBytesByLength[bytes.count] {
            if zip(candidate.bytes, bytes).allSatisfy({ $0 == asciiLowercased($1) }) { return candidate.name }
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}
