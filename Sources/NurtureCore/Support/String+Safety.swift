extension String {
    /// Leading and trailing spaces, tabs, CR and LF removed (and a stray BOM).
    public func trimmingASCIIWhitespace() -> String {
        // Nothing to trim (the first byte is none of the spaces nor a BOM's first, the last none of the spaces
        // nor a BOM's last): the string itself, not a copy.
        let isEdge = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte >= 0x80 }
        if let first = utf8.first, let last = utf8.last, !isEdge(first), !isEdge(last) { return self }
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{FEFF}" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// True when `trimmingASCIIWhitespace()` leaves nothing: the string is empty or only spaces, tabs, CR,
    /// LF and BOMs. Reads the UTF-8 without making a trimmed copy.
    public var isASCIIWhitespaceOnly: Bool {
        var text = self
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D, 0x0A:
                    index += 1
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                    index += 3
                default:
                    return false
                }
            }
            return true
        }
    }

    /// True when the string holds a CR or an LF.
    public var containsCROrLF: Bool {
        var text = self
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time past those with none below 14 (CR is 13, LF 10).
                while index + 8 <= bytes.count, !EightBytes.hasByte(EightBytes.load(bytes.baseAddress!, at: index), below: 14) { index += 8 }
                guard index < bytes.count else { break }
                if bytes[index] == 0x0A || bytes[index] == 0x0D { return true }
                index += 1
            }
            return false
        }
    }

    /// True when the string holds a character that would break a header line or an SMTP command:
    /// CR, LF, NUL, any other C0/C1 control but TAB, U+2028, U+2029.
    public var containsLineBreakOrControl: Bool {
        // Read as UTF-8: C0 controls and DEL are single bytes, C1 controls are C2 80…C2 9F, and
        // U+2028/U+2029 are E2 80 A8/A9; no other character's encoding holds those sequences.
        var text = self
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time past printable ASCII, which no sequence below starts or continues in.
                while index + 8 <= bytes.count {
                    let word = EightBytes.load(bytes.baseAddress!, at: index)
                    guard !EightBytes.hasByte(word, below: 0x20), !EightBytes.hasByte(word, above: 0x7E) else { break }
                    index += 8
                }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                switch byte {
                case 0x09, 0x20...0x7E:
                    break
                case 0x00...0x1F, 0x7F:
                    return true
                case 0xC2:
                    if index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
                case 0xE2:
                    if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        return true
                    }
                default:
                    break
                }
                index += 1
            }
            return false
        }
    }

    /// True when the string holds a control character other than TAB, CR and LF, or U+2028/U+2029: what
    /// free text (a form's message, kept as an event property) may not hold, though it may hold lines.
    public var containsControlOtherThanLineBreaks: Bool {
        unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: return false
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
            default: return false
            }
        }
    }

    /// The string with control characters shown as escapes, for error messages.
    public var debugSafe: String {
        let out = escapingControlCharacters
        return out.count > 80 ? String(out.prefix(77)) + "..." : out
    }

    /// The whole string with control characters, line and paragraph separators shown as escapes
    /// (`\u{a}`): a contact's value on one line of text output, whatever it holds.
    public var escapingControlCharacters: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
