import Foundation
import NurtureCore
import Testing

/// `JSONStringLiteral` against `JSONEncoder` (slashes not escaped) on generated strings of every length
/// around its eight-byte steps, with the characters to escape at every offset.
struct JSONStringLiteralTests {
    @Test func writesWhatTheEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let pool: [String] = ["a", "Z", " ", "/", "\"", "\\", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "中", "👩🏽‍💻", "\u{2028}", "~", "!"]
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for length in 0..<40 {
            for _ in 0..<60 {
                // Mostly plain letters, so that whole clean eight-byte words occur between the others.
                let text = (0..<length).map { _ in next(4) == 0 ? pool[next(pool.count)] : "x" }.joined()
                var bytes: [UInt8] = []
                JSONStringLiteral.append(text, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: try encoder.encode(text), as: UTF8.self), "\(text.debugDescription)")
            }
        }
    }
}
