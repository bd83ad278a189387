import NurtureApp
import NurtureTestSupport
import Testing

/// The preview's escaping against its definition (each of the five ASCII specials as its entity, every
/// other byte as it is) on seeded strings of specials, multi-byte characters and combining marks.
@Suite struct HTMLTextTests {
    @Test func escapesEachSpecialByteAndNothingElse() {
        let pool = ["&", "<", ">", "\"", "'", "a", "é", "<\u{301}", "🎉", " ", "&amp;", "\u{0}", "text"]
        var random = SeededRandom(seed: 13)
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 12) { text += pool[Int(random.next() % UInt64(pool.count))] }
            var expected: [UInt8] = []
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): expected += "&amp;".utf8
                case UInt8(ascii: "<"): expected += "&lt;".utf8
                case UInt8(ascii: ">"): expected += "&gt;".utf8
                case UInt8(ascii: "\""): expected += "&quot;".utf8
                case UInt8(ascii: "'"): expected += "&#39;".utf8
                default: expected.append(byte)
                }
            }
            #expect(Array(HTMLText.escape(text).utf8) == expected, "\(text.debugDescription)")
        }
    }
}
