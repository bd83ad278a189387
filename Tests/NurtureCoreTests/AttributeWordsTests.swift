import NurtureCore
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
}
