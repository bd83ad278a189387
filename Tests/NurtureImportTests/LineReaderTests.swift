import Foundation
@testable import NurtureImport
import Testing

struct LineReaderTests {
    @Test func overlongLineIsReportedAndSkipped() throws {
        let text = "short\n" + String(repeating: "y", count: 200_000) + "\r\nafter\n" + String(repeating: "z", count: 100)
        let path = try Fixture.temporaryFile(text, extension: "jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try LineReader(path: path, maxLineBytes: 64)
        var lines: [LineReader.Line] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.map(\.number) == [1, 2, 3, 4])
        #expect(lines.map(\.overlong) == [false, true, false, true])
        #expect(String(decoding: lines[0].bytes, as: UTF8.self) == "short")
        #expect(String(decoding: lines[2].bytes, as: UTF8.self) == "after")
    }

    @Test func bomIsSkippedAndCRLFStripped() throws {
        let path = try Fixture.temporaryFile([0xEF, 0xBB, 0xBF] + Array("a\r\n\r\nb".utf8), extension: "jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try LineReader(path: path)
        var texts: [String] = []
        while let line = try reader.next() { texts.append(String(decoding: line.bytes, as: UTF8.self)) }
        #expect(texts == ["a", "", "b"])
    }
}
