import NurtureMIME
import Testing

struct EncodedWordTests {
    private func expectWellFormed(_ text: String, firstMaxLength: Int = 75, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let words = EncodedWord.encode(text, firstMaxLength: firstMaxLength)
        var joined = ""
        for (index, word) in words.enumerated() {
            let limit = index == 0 ? min(firstMaxLength, 75) : 75
            #expect(word.utf8.count <= limit, "word \(index) is \(word.utf8.count) long", sourceLocation: sourceLocation)
            let decoded = Decoders.encodedWord(word)
            #expect(decoded != nil, "word \(index) is not whole UTF-8: \(word)", sourceLocation: sourceLocation)
            joined += decoded ?? ""
        }
        #expect(joined == text, sourceLocation: sourceLocation)
        return words
    }

    @Test func shortTextIsOneWord() {
        #expect(EncodedWord.encode("Café") == ["=?UTF-8?B?Q2Fmw6k=?="])
        #expect(EncodedWord.encode("").isEmpty)
    }

    @Test func longTextIsSplitIntoWordsOfAtMost75() {
        let words = expectWellFormed(String(repeating: "Réunion d'équipe à Paris ", count: 12))
        #expect(words.count > 5)
        #expect(words.dropLast().allSatisfy { $0.utf8.count >= 70 }, "words are filled")
    }

    @Test func cjkIsNeverSplitInsideACharacter() {
        let words = expectWellFormed(String(repeating: "日本語の件名です", count: 20))
        #expect(words.count > 3)
    }

    @Test func emojiClustersStayWhole() {
        let family = "👨‍👩‍👧‍👦" // 25 bytes
        let coder = "👩🏽‍💻" // skin tone and ZWJ
        let flag = "🇫🇷"
        let text = String(repeating: "\(family)\(coder)\(flag) ", count: 10)
        let words = expectWellFormed(text)
        for word in words {
            let decoded = Decoders.encodedWord(word) ?? ""
            for character in decoded {
                #expect([Character(family), Character(coder), Character(flag), " "].contains(character), "cluster split in \(word)")
            }
        }
    }

    @Test func anOversizedClusterIsSplitBetweenScalars() {
        // One grapheme cluster of 101 scalars (Zalgo): too big for a word, cut between scalars.
        let zalgo = "Z" + String(repeating: "\u{0301}", count: 100)
        #expect(zalgo.count == 1)
        _ = expectWellFormed(zalgo)
    }

    @Test func theFirstWordLeavesRoomForTheHeaderName() {
        let words = expectWellFormed(String(repeating: "é", count: 100), firstMaxLength: 69)
        #expect(words[0].utf8.count <= 69)
        #expect(words[1].utf8.count > 69)
    }
}
