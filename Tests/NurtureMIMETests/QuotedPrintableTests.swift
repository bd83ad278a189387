import Foundation
import NurtureMIME
import NurtureTestSupport
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

/// The encoder against the rules applied byte by byte, as it was first written (no fast path), on
/// seeded random text made of what the rules single out: dots and `From ` at line starts, `=`, spaces
/// and TABs before breaks, every kind of line break, non-ASCII, long runs across the soft-break column.
@Suite struct QuotedPrintableReferenceTests {
    static func reference(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D || bytes[index] == 0x0A {
                lines.append(bytes[start..<index])
                if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        for (number, line) in lines.enumerated() {
            if number > 0 { out += [0x0D, 0x0A] }
            let line = Array(line)
            var length = 0
            func literal(_ i: Int, atStart: Bool) -> Bool {
                let isLast = i == line.count - 1
                switch line[i] {
                case 0x20, 0x09: return !isLast
                case 0x2E: return !atStart
                case UInt8(ascii: "F"): return !(atStart && line[i...].starts(with: "From ".utf8))
                case 0x3D: return false
                case 33...126: return true
                default: return false
                }
            }
            for i in line.indices {
                let limit = i == line.count - 1 ? 76 : 75
                var isLiteral = literal(i, atStart: length == 0)
                if length + (isLiteral ? 1 : 3) > limit {
                    out += [0x3D, 0x0D, 0x0A]
                    length = 0
                    isLiteral = literal(i, atStart: true)
                }
                if isLiteral {
                    out.append(line[i])
                    length += 1
                } else {
                    out += Array("=\(String(format: "%02X", line[i]))".utf8)
                    length += 3
                }
            }
        }
        return out
    }

    @Test func encodesAsTheByteByByteRules() {
        let pieces = ["a", "word ", "From ", "F", ".", "..", "=", " ", "\t", "\r\n", "\n", "\r", "é", "🎉", "x", "From", "  ",
                      String(repeating: "y", count: 70), String(repeating: "z ", count: 40)]
        var random = SeededRandom(seed: 5)
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 40) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            #expect(QuotedPrintable.encode(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}
