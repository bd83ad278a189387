@testable import NurtureCore
import Testing

/// `AttributeTest.words(of:)`: how job titles and other values split into words for `words:` rules.
struct AttributeWordsTests {
    @Test func accentsTypedDecomposedOrComposedMakeTheSameWord() {
        let composed = AttributeTest.words(of: "Directeur Général")
        let decomposed = AttributeTest.words(of: "Directeur Ge\u{301}ne\u{301}ral")
        #expect(composed == ["directeur", "général"])
        #expect(decomposed == composed)
    }

    @Test func punctuationSplitsAndCaseIsIgnored() {
        #expect(AttributeTest.words(of: "VP, Data & Analytics") == ["vp", "data", "analytics"])
        #expect(AttributeTest.words(of: "Head-of-Growth (EMEA)") == ["head", "of", "growth", "emea"])
    }

    /// ASCII text splits as the definition says, byte by byte: runs of letters and digits, lower-cased.
    @Test func asciiTextSplitsAsTheByteDefinition() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pool = Array("aZz09 -,.&()/_\tAQm".utf8)
        for _ in 0..<5_000 {
            let bytes = (0..<next(14)).map { _ in pool[next(pool.count)] }
            var reference: [String] = []
            var word: [UInt8] = []
            for byte in bytes {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                    word.append(lower)
                } else if !word.isEmpty {
                    reference.append(String(decoding: word, as: UTF8.self))
                    word = []
                }
            }
            if !word.isEmpty { reference.append(String(decoding: word, as: UTF8.self)) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(AttributeTest.words(of: text) == reference, "\(text.debugDescription)")
        }
    }

    /// The number a value starts with, read at once in the common case, is what parsing its digits gives
    /// (`parsedLeadingNumber`, the definition).
    @Test func leadingNumberIsTheParsedDigits() {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pool = ["0", "1", "5", "9", "9", "0", ".", ",", "-", "+", " ", "k", "é", "\t"]
        var samples = ["", "0", "007", "201-1000", "5001+", " 42 ", "1,500", "1.5", "12345678901234567890", "999999999999999",
                       "9999999999999999", "1e5", "-3", ".5", "5.", "5,", "٣"]
        for _ in 0..<5_000 { samples.append((0..<next(20)).map { _ in pool[next(pool.count)] }.joined()) }
        for text in samples {
            #expect(AttributeTest.leadingNumber(text) == AttributeTest.parsedLeadingNumber(text), "\(text.debugDescription)")
        }
    }

    /// Folding for matching is `normalize` (trimmed, lower-cased), whatever the text.
    @Test func foldingIsNormalizing() {
        var state: UInt64 = 13
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pool = ["a", "z", "A", "Z", "0", "-", " ", "\t", "\n", "é", "É", "İ", "ß", "\u{FEFF}", "_"]
        var samples = ["", " ", "pricing", "Pricing", " pricing", "pricing ", "FR", "über", "\u{FEFF}x"]
        for _ in 0..<3_000 { samples.append((0..<next(12)).map { _ in pool[next(pool.count)] }.joined()) }
        for text in samples {
            #expect(text.foldedForMatching == AttributeTest.normalize(text), "\(text.debugDescription)")
        }
    }
}
