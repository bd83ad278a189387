import NurtureMIME
import Testing

struct HeaderFoldingTests {
    @Test func shortValuesStayOnOneLine() {
        #expect(HeaderFolding.fold(name: "Subject", tokens: HeaderFolding.unstructuredTokens("Hello there")) == "Subject: Hello there")
        #expect(HeaderFolding.fold(name: "Subject", tokens: []) == "Subject:")
    }

    @Test func tokensKeepTheirWhitespaceAndDropTheEnds() {
        #expect(HeaderFolding.unstructuredTokens("  a  b\tc ") == [" a", "  b", "\tc"])
        #expect(HeaderFolding.unstructuredTokens("   ").isEmpty)
    }

    @Test func longValuesFoldAtWhitespaceWithin78() throws {
        let text = (1...40).map { "word\($0)" }.joined(separator: " ")
        let folded = try #require(HeaderFolding.fold(name: "Subject", tokens: HeaderFolding.unstructuredTokens(text)))
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 3)
        for line in lines { #expect(line.utf8.count <= 78) }
        for line in lines.dropFirst() { #expect(line.hasPrefix(" ")) }
        // Unfolding (removing the CRLFs) gives the value back.
        #expect(folded.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + text)
    }

    @Test func aWordLongerThan78StaysWholeOnItsOwnLine() throws {
        let long = String(repeating: "x", count: 120)
        let folded = try #require(HeaderFolding.fold(name: "X-Test", tokens: HeaderFolding.unstructuredTokens("short \(long) end")))
        #expect(folded == "X-Test: short\r\n \(long)\r\n end")
    }

    @Test func aTokenTooLongFor998OctetsIsRefused() {
        #expect(HeaderFolding.fold(name: "X-Test", tokens: [" " + String(repeating: "x", count: 991)]) == nil)
        #expect(HeaderFolding.fold(name: "X-Test", tokens: [" " + String(repeating: "x", count: 990)]) != nil) // 998 octets
    }
}
