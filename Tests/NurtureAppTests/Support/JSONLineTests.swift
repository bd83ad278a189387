import Foundation
import NurtureApp
import Testing

/// `JSONLine` writes its records directly: the bytes must be JSONEncoder's (sorted keys, slashes not
/// escaped) for the same object, whatever the strings hold.
struct JSONLineTests {
    /// The reference: the same record through JSONEncoder.
    private struct Reference: Encodable {
        let fields: [(String, JSONLine.Value)]

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, value) in fields {
                switch value {
                case let .string(string?): try container.encode(string, forKey: Key(stringValue: name))
                case let .int(number?): try container.encode(number, forKey: Key(stringValue: name))
                case .string(nil), .int(nil): try container.encodeNil(forKey: Key(stringValue: name))
                }
            }
        }

        func text() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }

    private static let hostile: [String] = {
        var strings = [
            "", "plain", "quote \" and backslash \\", "a/b/c", "https://example.com/x?y=1&z=2", "tab\there",
            "line\nbreak\r\n", "\u{0}nul", "\u{7f}del", "\u{1b}[31m", "Zoë Ångström", "中文", "emoji 👩🏽‍💻",
            "\u{2028}\u{2029}", "\u{FEFF}bom", "e\u{301}", "<script>&amp;</script>", "\\u0041", "\"\"\"",
        ]
        strings.append(String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) }))
        for scalar in 0..<0x20 { strings.append("x\(Character(Unicode.Scalar(UInt8(scalar))))y") }
        return strings
    }()

    @Test func matchesJSONEncoderOnHostileStrings() throws {
        for string in Self.hostile {
            let fields: [(String, JSONLine.Value)] = [
                ("reason", .string(string)), ("at", .string(nil)), ("score", .int(nil)), ("contact", .string(string)),
                ("count", .int(-42)), ("big", .int(Int.max)), ("Upper", .string("first")), ("a_b", .string(string)),
            ]
            #expect(try JSONLine(fields).text() == Reference(fields: fields).text(), "\(string.debugDescription)")
        }
    }

    @Test func sortsKeysByTheirBytes() throws {
        let fields: [(String, JSONLine.Value)] = [("é", .int(1)), ("z", .int(2)), ("Z", .int(3)), ("_", .int(4)), ("10", .int(5)), ("9", .int(6))]
        let text = try JSONLine(fields).text()
        #expect(text == #"{"10":5,"9":6,"Z":3,"_":4,"z":2,"é":1}"#)
        #expect(text == (try Reference(fields: fields).text()))
    }

    /// Keys made ready once write what the same fields write, and what the encoder writes.
    @Test func keysMadeOnceWriteWhatTheEncoderWrites() throws {
        let names = ["reason", "at", "score", "contact", "count", "big", "Upper", "a_b", "small", "zero"]
        let keys = JSONLine.Keys(names)
        for string in Self.hostile {
            let values: [JSONLine.Value] = [
                .string(string), .string(nil), .int(nil), .string(string), .int(-42), .int(Int.max), .string("first"), .string(string),
                .int(Int.min), .int(0),
            ]
            let fields = Array(zip(names, values))
            #expect(try JSONLine(keys: keys, values: values).text() == Reference(fields: fields).text(), "\(string.debugDescription)")
            #expect(try JSONLine(keys: keys, values: values).text() == JSONLine(fields).text())
            #expect(try JSONLine(keys: keys, values: values).utf8() == Array(JSONLine(fields).text().utf8))
        }
    }

    /// Numbers as `String(_:)` writes them, whatever their size and sign.
    @Test(arguments: [0, 1, -1, 9, 10, -10, 99, 100, 12_345, -987_654_321, Int.max, Int.min, Int.max - 1, Int.min + 1])
    func writesNumbersAsStringDoes(_ number: Int) throws {
        #expect(try JSONLine([("n", .int(number))]).text() == "{\"n\":\(String(number))}")
    }

    /// A line written as UTF-8 reads as the same line written as text, on every output.
    @Test func linesWrittenAsBytesReadAsText() throws {
        let line = try JSONLine([("reason", .string("Zoë \"quoted\" 中文 👩🏽‍💻")), ("n", .int(3))])
        let asText = BufferedOutput()
        asText.line(try line.text())
        let asBytes = BufferedOutput()
        asBytes.line(utf8: try line.utf8())
        #expect(asBytes.text == asText.text)
        #expect(asText.text == #"{"n":3,"reason":"Zoë \"quoted\" 中文 👩🏽‍💻"}"# + "\n")
    }
}
