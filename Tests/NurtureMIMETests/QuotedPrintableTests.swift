import NurtureMIME
import Testing

struct QuotedPrintableTests {
    private func encoded(_ text: String) -> String {
        String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
    }

    private func lines(_ text: String) -> [String] {
        encoded(text).components(separatedBy: "\r\n")
    }

    /// The text with every line break as CRLF, as the decoder should give it back.
    private func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    private func expectRoundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = QuotedPrintable.encode(text)
        let decoded = Decoders.quotedPrintable(bytes)
        #expect(decoded == Array(crlf(text).utf8), sourceLocation: sourceLocation)
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "line too long: \(line)", sourceLocation: sourceLocation)
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing whitespace: \(line)", sourceLocation: sourceLocation)
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E || $0 == 0x09 }, sourceLocation: sourceLocation)
        }
    }

    @Test func plainASCIIIsWrittenAsIs() {
        #expect(encoded("Hello, world!") == "Hello, world!")
    }

    @Test func equalsSignIsEscaped() {
        #expect(encoded("a=b") == "a=3Db")
        #expect(encoded("==") == "=3D=3D")
    }

    @Test func trailingWhitespaceBeforeALineBreakIsEscaped() {
        #expect(encoded("end  \nnext\t\nlast ") == "end =20\r\nnext=09\r\nlast=20")
        #expect(encoded("in the middle stays") == "in the middle stays")
    }

    @Test func nonASCIIBytesAreEscapedInUpperCaseHex() {
        #expect(encoded("café") == "caf=C3=A9")
        #expect(encoded("🎉") == "=F0=9F=8E=89")
    }

    @Test func controlCharactersAreEscaped() {
        #expect(encoded("a\u{0}b\u{7F}c\u{2028}") == "a=00b=7Fc=E2=80=A8")
    }

    @Test func lineBreaksOfEveryKindBecomeCRLF() {
        #expect(encoded("a\nb\r\nc\rd\n\ne") == "a\r\nb\r\nc\r\nd\r\n\r\ne")
        #expect(encoded("ends with break\n") == "ends with break\r\n")
        #expect(encoded("") == "")
    }

    @Test func longLinesGetSoftBreaksWithin76Characters() {
        let text = String(repeating: "abcdefghij", count: 20)
        let result = lines(text)
        #expect(result.count == 3)
        #expect(result[0].utf8.count == 76 && result[0].hasSuffix("="))
        #expect(result[1].utf8.count == 76 && result[1].hasSuffix("="))
        #expect(!result[2].hasSuffix("="))
        expectRoundTrip(text)
    }

    @Test func aLineOfExactly76CharactersNeedsNoSoftBreak() {
        #expect(lines(String(repeating: "x", count: 76)) == [String(repeating: "x", count: 76)])
        #expect(lines(String(repeating: "x", count: 77)).count == 2)
    }

    @Test func softBreaksNeverSplitAnEscape() {
        // 74 letters then multi-byte characters: the escapes must move whole to the next line.
        let text = String(repeating: "a", count: 74) + "ééééééééééééééééééééééééééééééé"
        for line in lines(text) {
            let body = line.hasSuffix("=") ? String(line.dropLast()) : line
            var index = body.startIndex
            while let equals = body[index...].firstIndex(of: "=") {
                let escape = body[equals...].prefix(3)
                #expect(escape.count == 3, "split escape in \(line)")
                index = body.index(equals, offsetBy: min(3, body.distance(from: equals, to: body.endIndex)))
            }
        }
        expectRoundTrip(text)
    }

    @Test func longNonASCIIAndMixedLinesRoundTrip() {
        expectRoundTrip(String(repeating: "日本語のテキスト", count: 40))
        expectRoundTrip(String(repeating: "x", count: 2000))
        expectRoundTrip(String(repeating: "a b ", count: 300) + "   \n  \r\n\t\n")
        expectRoundTrip(String(repeating: "= ", count: 100))
        expectRoundTrip("Grüße 👩🏽‍💻\r\nline two\rline three\nend")
    }

    @Test func dotsAndFromAtTheStartOfALineAreEscaped() {
        #expect(encoded(".\nFrom the team\n..\nFrom\nFromage\n a.b") == "=2E\r\n=46rom the team\r\n=2E.\r\nFrom\r\nFromage\r\n a.b")
        // Also at the start of a line made by a soft break.
        let text = String(repeating: "y", count: 75) + ".tail"
        #expect(lines(text) == [String(repeating: "y", count: 75) + "=", "=2Etail"])
        expectRoundTrip(".\nFrom x\n" + String(repeating: "z", count: 75) + "From here")
    }
}
