/// ASCII bytes and character classes the builder needs.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let crlf: [UInt8] = [0x0D, 0x0A]
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let dot: UInt8 = 0x2E
    static let equals: UInt8 = 0x3D

    static func upperHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10
    }

    /// Printable ASCII (VCHAR, `!` to `~`).
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x21 && scalar.value <= 0x7E
    }

    /// Space or TAB.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~": return true
        default: return false
        }
    }

    /// Whether every byte is visible ASCII (`!` to `~`).
    static func isVisible(_ text: String) -> Bool {
        allBytes(of: text) { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// Whether every byte of `text`'s UTF-8 satisfies `predicate`, read from its contiguous buffer.
    static func allBytes(of text: String, _ predicate: (UInt8) -> Bool) -> Bool {
        var text = text
        return text.withUTF8 { $0.allSatisfy(predicate) }
    }

    /// RFC 5322 `atext` as a byte: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ byte: UInt8) -> Bool {
        byte < 0x80 && isAtext(Unicode.Scalar(byte))
    }

    /// Whether `text` holds `=?`, the start of an RFC 2047 encoded word, as bytes (the callers ask
    /// only of ASCII text, where Foundation's `contains` would find the same).
    static func containsEncodedWordStart(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    /// Trimmed of leading and trailing spaces and TABs.
    static func trimmingWhitespace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
