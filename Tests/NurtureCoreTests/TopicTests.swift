import NurtureCore
import Testing

/// `Topic` skips the work for text already normalised and de-duplicates short lists without hashing:
/// the results must be the reference algorithm's for any text and any list length.
struct TopicTests {
    /// The rules as written: trimmed, lower-cased, words separated by runs of spaces, tabs, underscores
    /// and hyphens joined by one hyphen.
    private static func reference(_ raw: String) -> String {
        raw.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "\t" || $0 == "-" })
            .joined(separator: "-")
    }

    private static let alphabet: [Character] = ["a", "z", "0", "9", "-", "-", "_", " ", "\t", "A", "Z", "é", "É", "ß", "İ", ".", "/"]

    @Test func normalizeMatchesTheReference() {
        var generator = SystemRandomNumberGenerator()
        var samples = ["", "-", "--", "a", "a-", "-a", "a--b", "data-engineering", "Data Engineering", "  data__engineering ", "ml", "9-5"]
        for _ in 0..<5000 {
            samples.append(String((0..<Int.random(in: 0...8, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }))
        }
        for sample in samples {
            #expect(Topic.normalize(sample) == Self.reference(sample), "\(sample.debugDescription)")
        }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 40])
    func listsDropEmptiesAndRepeatsInFirstSeenOrder(distinct: Int) {
        let topics = (0..<distinct).map { "Topic \($0)" }
        let raw = topics + ["", "  "] + topics.reversed() + topics.map { $0.uppercased() }
        #expect(Topic.normalizeList(raw) == (0..<distinct).map { "topic-\($0)" })
    }
}
