import NurtureCore
@testable import NurtureImport
import Testing

/// `TopicLists` gives what `Topic.normalizeList` gives for a cell, whatever it remembers.
struct TopicListsTests {
    /// As bytes: `==` on strings would take é and e + U+0301 for the same.
    static func direct(_ cell: String) -> [[UInt8]] {
        Topic.normalizeList(cell.split(separator: ";").map(String.init)).map { Array($0.utf8) }
    }

    static func remembered(_ lists: inout TopicLists, _ cell: String) -> [[UInt8]] {
        lists.normalized(cell).map { Array($0.utf8) }
    }

    @Test func remembersByBytesAndAnswersAsNormalizing() {
        var lists = TopicLists()
        let cells = ["Data Engineering;cloud", "é x", "e\u{301} x", "é x", "A;a;A ", ";", "data_engineering ; Cloud", "e\u{301} x"]
        for cell in cells + cells {
            #expect(Self.remembered(&lists, cell) == Self.direct(cell), "\(cell)")
        }
        #expect(Self.remembered(&lists, "é x") != Self.remembered(&lists, "e\u{301} x"))
    }

    @Test func startsAgainWhenFull() {
        var lists = TopicLists()
        for index in 0..<(TopicLists.capacity * 2 + 10) {
            let cell = "topic \(index % (TopicLists.capacity + 7));Other"
            #expect(Self.remembered(&lists, cell) == Self.direct(cell))
        }
    }
}
