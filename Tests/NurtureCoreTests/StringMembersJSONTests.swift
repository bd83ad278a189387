import Foundation
import NurtureCore
import Testing

/// `StringMembersJSON` against `JSONDecoder` decoding `[String: String]`: whatever it reads, the decoder reads
/// the same; what it leaves (nil) goes to the decoder anyway.
struct StringMembersJSONTests {
    private static func decoded(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    @Test(arguments: [
        #"{}"#, #" { } "#, #"{"a":"b"}"#, "{ \"a\" :\t\"b\" ,\r\n\"c\":\"\" }",
        #"{"email":"ann@example.com","type":"page_viewed","at":"2026-03-01T09:30:00Z","page":"\/pricing"}"#,
        #"{"q":"\"","b":"\\","s":"\/","c":"\b\f\n\r\t","u":"\u0041\u00e9\u00E9\u2028\u0000"}"#,
        "{\"pair\":\"\\ud83d\\ude00\",\"raw\":\"😀 é \u{7F}\"}", #"{"":""}"#, #"{"é":"x","e\u0301x":"y"}"#,
    ])
    func readsWhatTheDecoderReads(_ text: String) throws {
        let read = try #require(StringMembersJSON.members(Array(text.utf8)))
        #expect(read == Self.decoded(text))
    }

    @Test(arguments: [
        "", " ", "[]", #""a""#, "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1}"#, #"{"a":null}"#, #"{"a":true}"#, #"{"a":["b"]}"#,
        #"{"a":{"b":"c"}}"#, #"{"a":"b",}"#, #"{,"a":"b"}"#, #"{"a":"b"} x"#, #"{"a":"b"}{}"#, #"{'a':'b'}"#,
        #"{"a":"\ud83d"}"#, #"{"a":"\ude00"}"#, #"{"a":"\ud83dx"}"#, #"{"a":"\u12"}"#, #"{"a":"\x"}"#, #"{"a":"b","a":"c"}"#,
        "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}", #"{"é":"x","é":"y"}"#, "{\"e\u{301}\":\"x\",\"é\":\"y\"}", #"{a:"b"}"#,
        "\u{FEFF}{}",
    ])
    func leavesTheRestToTheDecoder(_ text: String) {
        #expect(StringMembersJSON.members(Array(text.utf8)) == nil)
    }

    @Test func leavesInvalidUTF8ToTheDecoder() {
        #expect(StringMembersJSON.members(Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == nil)
        #expect(StringMembersJSON.members(Array(#"{""#.utf8) + [0xFF] + Array(#"":"b"}"#.utf8)) == nil)
    }

    /// Generated lines from JSON's pieces: each one read is read as the decoder reads it, and most lines of
    /// strings are read.
    @Test func generatedLinesReadAsTheDecoderReadsThem() {
        var state: UInt64 = 2_026
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pieces = [
            "a", "é", "😀", " ", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\uD83D\\uDE00", "\\ud800", "\\u0000", "\\t", "\u{2028}",
            "\"", "\\", "\t", "x1",
        ]
        var read = 0
        for _ in 0..<3_000 {
            var text = next(4) == 0 ? " {" : "{"
            for member in 0..<(1 + next(4)) {
                if member > 0 { text += next(8) == 0 ? " , " : "," }
                for part in 0..<2 {
                    if part == 1 { text += next(8) == 0 ? " : " : ":" }
                    if next(30) == 0 {
                        text += ["1", "null", "true", "[]", "{}"][next(5)]
                        continue
                    }
                    text += "\""
                    for _ in 0..<next(5) { text += pieces[next(pieces.count)] }
                    text += "\""
                }
            }
            text += next(30) == 0 ? "} x" : "}"
            let members = StringMembersJSON.members(Array(text.utf8))
            if let members {
                read += 1
                #expect(members == Self.decoded(text), "\(text)")
            }
        }
        #expect(read > 300)
    }

    /// Arrays of strings (the store's interests), and objects read from a string, as the decoder reads them.
    @Test(arguments: [
        "[]", " [ ] ", #"["a"]"#, #"["zeta","alpha","alpha",""]"#, #"["\u00e9","e\u0301","😀","\"\\\/\n"]"#, "[ \"a\" ,\t\"b\" ]",
    ])
    func readsArraysAsTheDecoderReads(_ text: String) throws {
        let read = try #require(StringMembersJSON.items(text))
        #expect(read == (try? JSONDecoder().decode([String].self, from: Data(text.utf8))))
    }

    @Test(arguments: ["", "[", "{}", #"["a",]"#, #"[,"a"]"#, #"["a" "b"]"#, #"["a",1]"#, #"["a",null]"#, #"[["a"]]"#, #"["a"] x"#, #""a""#])
    func leavesOtherArraysToTheDecoder(_ text: String) {
        #expect(StringMembersJSON.items(text) == nil)
    }

    @Test func readsObjectsFromAStringAsFromItsBytes() {
        for text in [#"{"a":"b","c":"é"}"#, #"{"a":1}"#, "{}", "x"] {
            #expect(StringMembersJSON.members(text) == StringMembersJSON.members(Array(text.utf8)))
        }
    }
}
