import Crypto
import Dispatch
import Foundation
import NurtureApp
import NurtureCore
import Synchronization
import Testing

/// `UnsubscribeToken` and `UnsubscribeKeys`: signed, unguessable, and rotatable.
struct UnsubscribeTokenTests {
    static let keys = UnsubscribeKeys(secrets: ["token-tests-current-0123456789", "token-tests-previous-0123456789"])

    @Test func aSignedTokenVerifiesToWhatItNames() {
        let token = UnsubscribeToken(contactID: 1234, campaign: "lead-nurture")
        let text = token.signed(with: Self.keys)
        #expect(UnsubscribeToken.verify(text, with: Self.keys) == token)
        #expect(text.hasPrefix("1234.lead-nurture."))
        // Every character can stand in a URL query unescaped.
        #expect(text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) })
    }

    /// Links already in inboxes must keep verifying: a token is its payload and the first 16 bytes of
    /// HMAC-SHA256 of it, base64url without padding. Signing from one set of keys on many threads at once
    /// gives every thread the same tokens.
    @Test func theMACIsHMACSHA256OfThePayloadOnEveryThread() throws {
        let secret = SymmetricKey(data: Array("token-tests-current-0123456789".utf8))
        func expected(_ id: Int64) -> String {
            let payload = "\(id).lead-nurture.\(Self.keys.signingKeyID)"
            let code = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: secret)
            let base64 = Data(code.prefix(16)).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            return "\(payload).\(base64)"
        }
        let tokens = Mutex<[Int64: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            let id = Int64(index + 1)
            let text = UnsubscribeToken(contactID: id, campaign: "lead-nurture").signed(with: Self.keys)
            tokens.withLock { $0[id] = text }
        }
        let signed = tokens.withLock { $0 }
        #expect(signed.count == 400)
        for (id, text) in signed { #expect(text == expected(id), "contact \(id)") }
    }

    @Test func everyChangedCharacterBreaksIt() {
        let text = UnsubscribeToken(contactID: 77, campaign: "webinar-2026").signed(with: Self.keys)
        let characters = Array(text)
        for index in characters.indices {
            var changed = characters
            changed[index] = characters[index] == "A" ? "B" : (characters[index] == "." ? "x" : "A")
            #expect(UnsubscribeToken.verify(String(changed), with: Self.keys) == nil, "changed at \(index)")
        }
        // The last base64 character carries 2 bits of the MAC and 4 unused ones: any other spelling of it is refused.
        for other in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" where other != characters.last {
            #expect(UnsubscribeToken.verify(String(characters.dropLast()) + String(other), with: Self.keys) == nil, "last character \(other)")
        }
        for length in 0..<characters.count {
            #expect(UnsubscribeToken.verify(String(characters[..<length]), with: Self.keys) == nil, "cut to \(length)")
        }
    }

    @Test func rotationKeepsOldLinksWorkingUntilTheSecretIsRetired() {
        let token = UnsubscribeToken(contactID: 5, campaign: "lead-nurture")
        let old = token.signed(with: UnsubscribeKeys(secrets: ["token-tests-previous-0123456789"]))
        #expect(UnsubscribeToken.verify(old, with: Self.keys) == token, "the previous secret still verifies")
        #expect(UnsubscribeToken.verify(old, with: UnsubscribeKeys(secrets: ["token-tests-current-0123456789"])) == nil, "retired: no longer")
        // New links are signed with the first secret.
        #expect(token.signed(with: Self.keys) == token.signed(with: UnsubscribeKeys(secrets: ["token-tests-current-0123456789"])))
    }

    @Test func secretsComeFromTheEnvironmentOrAFileAndShortOnesAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("secrets").path
        try "# rotated 2026-12-01\nnew-secret-0123456789abcdef\n\nold-secret-0123456789abcdef\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try SecretSource.secrets("NURTURE_SECRET", environment: ["NURTURE_SECRET_FILE": file]) == ["new-secret-0123456789abcdef", "old-secret-0123456789abcdef"])
        #expect(try SecretSource.secrets("NURTURE_SECRET", environment: [:]) == [])
        #expect(try UnsubscribeKeys.fromEnvironment([:]) == nil)
        do {
            _ = try SecretSource.secrets("NURTURE_SECRET", environment: ["NURTURE_SECRET": "short"])
            Issue.record("a 5-byte secret was taken")
        } catch {
            #expect("\(error)".contains("at least 16") && !"\(error)".contains("short"), "names the problem, never the secret: \(error)")
        }
        #expect(throws: (any Error).self) { try SecretSource.secrets("NURTURE_SECRET", environment: ["NURTURE_SECRET_FILE": folder.appendingPathComponent("missing").path]) }
    }
}
