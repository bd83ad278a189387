extension String {
    /// Leading and trailing spaces, tabs, CR and LF removed (and a stray BOM).
    public func trimmingASCIIWhitespace() -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{FEFF}" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// True when the string holds a character that would break a header line or an SMTP command:
    /// CR, LF, NUL, any other C0/C1 control but TAB, U+2028, U+2029.
    public var containsLineBreakOrControl: Bool {
        unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09: return false
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
            default: return false
            }
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
