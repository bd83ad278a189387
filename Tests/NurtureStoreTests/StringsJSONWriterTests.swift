import Foundation
@testable import NurtureStore
import Testing

/// `StringsJSONWriter` writes what `JSONEncoder` with `StoredJSON`'s settings writes, byte for byte: stored
/// JSON columns keep their exact text whichever of the two wrote them.
struct StringsJSONWriterTests {
    static let hostile: [String] = [
        "", "plain", "with \"quotes\"", "back\\slash", "\\\"", "a/b</script>", "tab\there", "line\nbreak", "cr\rlf\r\n",
        "\u{08}\u{0C}", "\u{00}nul", "\u{01}\u{1F}\u{1B}[31m", "\u{7F}del", "\u{80}\u{9F}", "é café", "e\u{301}",
        "\u{2028}\u{2029}", "😀👍🏽", "\u{FEFF}bom", "日本語", "\u{FFFD}", "ends with \\",
        String((0..<0x20).map { Character(UnicodeScalar(UInt8($0))) }),
    ]

    static let keys: [String] = [
        "", "a", "A", "ab", "a10", "a2", "B", "_", "-", "z", "é", "Z", "😀", "\u{7F}", " ", "\u{00}", "key\"q",
        "plan", "utm_source",
    ]

    private static func encoded<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(arguments: hostile)
    func aStringIsWrittenAsTheEncoderWritesIt(_ text: String) throws {
        #expect(StringsJSONWriter.array([text]) == (try Self.encoded([text])))
        #expect(StringsJSONWriter.object([text: text]) == (try Self.encoded([text: text])))
    }

    @Test func listsAndMapsAreWrittenAsTheEncoderWritesThem() throws {
        #expect(StringsJSONWriter.array([]) == (try Self.encoded([String]())))
        #expect(StringsJSONWriter.object([:]) == (try Self.encoded([String: String]())))
        #expect(StringsJSONWriter.array(Self.hostile) == (try Self.encoded(Self.hostile)))
        var map: [String: String] = [:]
        for (index, key) in Self.keys.enumerated() { map[key] = Self.hostile[index % Self.hostile.count] }
        #expect(StringsJSONWriter.object(map) == (try Self.encoded(map)))
    }

    /// Maps of every size up to all the keys, from a fixed shuffle, so key order is tested beyond a few pairs.
    @Test func keysSortAsTheEncoderSortsThem() throws {
        var keys = Self.keys
        var state: UInt64 = 7
        for round in 0..<50 {
            for index in keys.indices.reversed() {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                keys.swapAt(index, Int(state >> 33) % (index + 1))
            }
            let map = Dictionary(uniqueKeysWithValues: keys.prefix(round % keys.count + 1).map { ($0, $0 + "!") })
            #expect(StringsJSONWriter.object(map) == (try Self.encoded(map)))
        }
    }

    @Test func storedJSONUsesTheWriterForStringsAndTheEncoderForTheRest() throws {
        #expect(StoredJSON.encode(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
        #expect(StoredJSON.encode(["x", "y"]) == #"["x","y"]"#)
        #expect(StoredJSON.encode(["n": 1]) == (try Self.encoded(["n": 1])))
    }
}
