import Foundation
import NurtureDKIM
import Testing

/// Canonicalization by RFC 6376 3.4 and its examples, and the body hash's edge cases.
struct DKIMCanonicalizationTests {
    func fields(_ text: String) -> [DKIMHeaderField] { DKIMMessageParts(Array(text.utf8)).fields }
    func canonical(_ text: String, _ mode: DKIMCanonicalization) -> String {
        fields(text).map { String(decoding: mode.canonicalize($0), as: UTF8.self) }.joined()
    }
    func bodyHash(_ body: String, _ mode: DKIMCanonicalization) -> String {
        Data(DKIMBodyHash.digest(of: Array(body.utf8)[...], canonicalization: mode)).base64EncodedString()
    }

    /// RFC 6376 3.4.5's example.
    static let example = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n"

    @Test func headersAsTheRFCExampleShowsThem() {
        #expect(canonical(Self.example, .relaxed) == "a:X\r\nb:Y Z\r\n")
        #expect(canonical(Self.example, .simple) == "A: X\r\nB : Y\t\r\n\tZ  \r\n")
    }

    @Test func bodiesAsTheRFCExampleShowsThem() {
        let body = String(Self.example.dropFirst("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n".count))
        #expect(body == " C \r\nD \t E\r\n\r\n\r\n")
        #expect(bodyHash(body, .relaxed) == bodyHash(" C\r\nD E\r\n", .simple))
        #expect(bodyHash(body, .simple) == bodyHash(" C \r\nD \t E\r\n", .simple))
        #expect(bodyHash(body, .relaxed) != bodyHash(body, .simple))
    }

    @Test func emptyBodies() {
        // SHA-256 of nothing, and of CRLF (RFC 6376 3.4.3, 3.4.4).
        let ofNothing = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        let ofCRLF = "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY="
        #expect(bodyHash("", .relaxed) == ofNothing)
        #expect(bodyHash("\r\n\r\n", .relaxed) == ofNothing)
        #expect(bodyHash(" \t\r\n", .relaxed) == ofNothing)
        #expect(bodyHash("", .simple) == ofCRLF)
        #expect(bodyHash("\r\n\r\n\r\n", .simple) == ofCRLF)
    }

    @Test func aLastLineWithoutCRLFGetsOne() {
        #expect(bodyHash("Joe.", .relaxed) == bodyHash("Joe.\r\n", .relaxed))
        #expect(bodyHash("Joe.", .simple) == bodyHash("Joe.\r\n\r\n", .simple))
    }

    @Test func bareCRAndLFAreOrdinaryCharacters() {
        #expect(bodyHash("a\rb\r\n", .relaxed) != bodyHash("a\r\nb\r\n", .relaxed))
        #expect(bodyHash("a\nb\r\n", .simple) != bodyHash("a\r\nb\r\n", .simple))
        #expect(bodyHash("a\r", .simple) == bodyHash("a\r\r\n", .simple))
    }

    @Test func aBodyHashedInPiecesIsTheBodyHashedWhole() {
        let body = Array(String(repeating: "line  with\t spaces \r\n\r\n", count: 900).utf8) + Array("end \r".utf8)
        var hash = DKIMBodyHash(canonicalization: .relaxed)
        var index = 0
        for size in [1, 7, 4096, 13, 3, 100_000] {
            let end = min(index + size, body.count)
            hash.update(body[index..<end])
            index = end
        }
        #expect(index == body.count)
        #expect(hash.finalize() == DKIMBodyHash.digest(of: body[...], canonicalization: .relaxed))
    }

    @Test func splitsFieldsAtFoldingAndTheBodyAtTheFirstEmptyLine() {
        let parts = DKIMMessageParts(Array("Subject: a\r\n b\r\nTo : x\r\n\r\nbody\r\n\r\nFrom: not a header\r\n".utf8))
        #expect(parts.fields.map(\.name) == ["Subject", "To"])
        #expect(String(decoding: parts.fields[0].raw, as: UTF8.self) == "Subject: a\r\n b")
        #expect(String(decoding: parts.body, as: UTF8.self) == "body\r\n\r\nFrom: not a header\r\n")
        let headerOnly = DKIMMessageParts(Array("From: a\r\nTo: b\r\n".utf8))
        #expect(headerOnly.fields.map(\.name) == ["From", "To"] && headerOnly.body.isEmpty)
        #expect(String(decoding: headerOnly.fields[1].raw, as: UTF8.self) == "To: b")
    }
}
