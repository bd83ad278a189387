import NurtureCore
import NurtureTestSupport
import Testing

/// The byte-level checks against their definitions over Unicode scalars, on seeded random strings
/// made of the characters that matter (controls, C1, U+2028/U+2029, BOM, CR/LF) and ones that look
/// close in UTF-8 (other C2 and E2 80 characters, multi-byte letters, emoji).
@Suite struct StringSafetyTests {
    static let pool: [Unicode.Scalar] = [
        "a", "Z", " ", "\t", "\r", "\n", "\0", "\u{1B}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{BF}", "é",
        "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{2013}", "\u{FEFF}", "\u{FEFE}", "🎉", "\u{301}", "ß",
    ]

    static func randomStrings(count: Int) -> [String] {
        var random = SeededRandom(seed: 11)
        return (0..<count).map { _ in
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(random.next() % 6) { text.append(pool[Int(random.next() % UInt64(pool.count))]) }
            return String(text)
        }
    }

    @Test func lineBreakOrControlIsTheScalarDefinition() {
        for text in Self.randomStrings(count: 20_000) {
            let reference = text.unicodeScalars.contains { scalar in
                switch scalar.value {
                case 0x09: return false
                case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
                default: return false
                }
            }
            #expect(text.containsLineBreakOrControl == reference, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Trimming (which returns the string itself when there is nothing to trim) is its scalar definition.
    @Test func trimmingIsTheScalarDefinition() {
        let isSpace = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\u{FEFF}" }
        for text in Self.randomStrings(count: 20_000) + ["", "x", "ab", " a", "a ", "\u{FEFF}a", "a\u{FEFF}", "é", "🎉"] {
            let scalars = Array(text.unicodeScalars)
            let start = scalars.firstIndex { !isSpace($0) }
            let end = scalars.lastIndex { !isSpace($0) }
            var reference = String.UnicodeScalarView()
            if let start, let end { reference.append(contentsOf: scalars[start...end]) }
            #expect(Array(text.trimmingASCIIWhitespace().unicodeScalars) == Array(reference), "\(scalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func whitespaceOnlyIsWhatTrimmingLeavesNothingOf() {
        #expect("".isASCIIWhitespaceOnly && " \t\r\n\u{FEFF}".isASCIIWhitespaceOnly && !" x ".isASCIIWhitespaceOnly)
        for text in Self.randomStrings(count: 20_000) {
            #expect(text.isASCIIWhitespaceOnly == text.trimmingASCIIWhitespace().isEmpty, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(text.containsCROrLF == text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        }
    }
}
