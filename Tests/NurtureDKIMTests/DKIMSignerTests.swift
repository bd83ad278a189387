import Foundation
import NurtureDKIM
import NurtureTestSupport
import Testing

/// nurture's own signatures: the tags and `h=` it writes, and dkimpy verifying them with the public key
/// handed to it instead of DNS; a changed signed header or body, or an added From, breaks them.
struct DKIMSignerTests {
    /// The RFC 6376 example message, and the key pairs RFC 8463 signs it with.
    static let message = DKIMVector.url("rfc8463-appendix-a/message.eml")
    static let time = Date(timeIntervalSince1970: 1_528_637_909.75)

    static func unsignedMessage() throws -> [UInt8] {
        let text = try DKIMVector.text("rfc8463-appendix-a/message.eml")
        // Drop the vector's own signature fields: the header from the first From on.
        let start = try #require(text.range(of: "From: "))
        return Array(text[start.lowerBound...].utf8)
    }

    static func rsaKey() throws -> DKIMKey { try DKIMKey(fileContents: try DKIMVector.text("rfc8463-appendix-a/test.private.pem")) }
    static func ed25519Key() throws -> DKIMKey { try DKIMKey(fileContents: try DKIMVector.text("rfc8463-appendix-a/ed25519.seed.b64")) }

    static let records = [
        "test._domainkey.football.example.com": "v=DKIM1; k=rsa; p=\(try! rsaKey().publicKeyBase64)",
        "brisbane._domainkey.football.example.com": "v=DKIM1; k=ed25519; p=\(try! ed25519Key().publicKeyBase64)",
    ]

    static func bothSigners() throws -> DKIMMessageSigner {
        DKIMMessageSigner(signers: [
            try DKIMSigner(key: rsaKey(), domain: "football.example.com", selector: "test"),
            try DKIMSigner(key: ed25519Key(), domain: "football.example.com", selector: "brisbane"),
        ])
    }

    func write(_ messages: [String: [UInt8]]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix: "nurture-dkim")
        for (name, bytes) in messages {
            #expect(FileManager.default.createFile(atPath: folder.path(name), contents: Data(bytes)))
        }
        return folder
    }

    @Test func writesTheTagsAndSignsWhatTheMessageHasWithFromOverSigned() throws {
        let signer = try DKIMSigner(key: Self.rsaKey(), domain: "football.example.com", selector: "test")
        let field = try signer.signatureField(for: Self.unsignedMessage(), at: Self.time)
        #expect(field.hasPrefix("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=football.example.com;"))
        let tags = DKIMTags.parse(String(field.dropFirst("DKIM-Signature:".count)))
        #expect(Set(tags.keys) == ["v", "a", "c", "d", "s", "t", "h", "bh", "b"])
        #expect(tags["s"] == "test")
        #expect(tags["t"] == "1528637909", "t= is the time given, in whole seconds")
        #expect(tags["h"] == "From:From:To:Subject:Date:Message-ID")
        // The same relaxed body hash as RFC 8463's own signatures of this message.
        #expect(tags["bh"] == "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=")
        #expect(Data(base64Encoded: try #require(tags["b"]))?.count == 128, "a 1024-bit RSA signature")
        for line in field.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "\(line)")
            #expect(line == field.components(separatedBy: "\r\n").first || line.hasPrefix(" "), "a continuation line starts with whitespace: \(line)")
        }
    }

    @Test func signsTheNamedHeadersPresentInTheirOrder() throws {
        let text = "Feedback-ID: s1:c1:nurture\r\nX-Other: 1\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            + "List-Unsubscribe: <https://a.example/u>\r\nContent-Type: text/plain\r\nMIME-Version: 1.0\r\nFrom: a@football.example.com\r\n"
            + "To: b@example.net\r\nList-ID: <n.a.example>\r\nReply-To: c@football.example.com\r\n\r\nbody\r\n"
        let signer = try DKIMSigner(key: Self.ed25519Key(), domain: "football.example.com", selector: "brisbane")
        let tags = DKIMTags.parse(String(try signer.signatureField(for: Array(text.utf8), at: Self.time).dropFirst(15)))
        #expect(tags["h"] == "From:From:Reply-To:To:MIME-Version:Content-Type:List-Unsubscribe:List-Unsubscribe-Post:List-ID:Feedback-ID")
        #expect(tags["a"] == "ed25519-sha256")
    }

    @Test func refusesAMessageWithoutFrom() throws {
        let signer = try DKIMSigner(key: Self.ed25519Key(), domain: "football.example.com", selector: "brisbane")
        #expect(throws: DKIMSigningError.noFromField) {
            try signer.signatureField(for: Array("To: b@example.net\r\n\r\nbody\r\n".utf8), at: Self.time)
        }
    }

    @Test func refusesADomainOrSelectorThatCannotBeATag() throws {
        #expect(throws: DKIMSigningError.invalidDomain("example.com; x=1")) {
            try DKIMSigner(key: Self.ed25519Key(), domain: "example.com; x=1", selector: "s")
        }
        #expect(throws: DKIMSigningError.invalidSelector("-s")) {
            try DKIMSigner(key: Self.ed25519Key(), domain: "example.com", selector: "-s")
        }
    }

    @Test func dkimpyVerifiesBothSignatures() throws {
        let signed = try Self.bothSigners().sign(Self.unsignedMessage(), at: Self.time)
        let text = String(decoding: signed, as: UTF8.self)
        #expect(text.hasPrefix("DKIM-Signature: v=1; a=rsa-sha256;"), "RSA on top")
        #expect(text.components(separatedBy: "\r\nDKIM-Signature: v=1; a=ed25519-sha256;").count == 2)
        #expect(text.hasSuffix(String(decoding: try Self.unsignedMessage(), as: UTF8.self)), "the message itself is unchanged below")

        let folder = try write(["signed.eml": signed])
        let report = try DKIMPyVerifier.verify([folder.url.path], records: Self.records)
        let message = try #require(report.messages.first)
        #expect(message.signatures.map(\.tags["a"]) == ["rsa-sha256", "ed25519-sha256"])
        for signature in message.signatures {
            #expect(signature.ok, "signature \(signature.index): \(signature.error ?? "fails") (dkimpy \(report.dkimpy))")
        }
        #expect(Set(message.lookups) == Set(Self.records.keys))
    }

    @Test func tamperingBreaksVerification() throws {
        let signed = String(decoding: try Self.bothSigners().sign(Self.unsignedMessage(), at: Self.time), as: UTF8.self)
        func changed(_ old: String, _ new: String) -> [UInt8] {
            #expect(signed.contains(old))
            return Array(signed.replacingOccurrences(of: old, with: new).utf8)
        }
        let folder = try write([
            "0-intact.eml": Array(signed.utf8),
            "1-subject.eml": changed("Subject: Is dinner ready?", "Subject: Is dinner ready!"),
            "2-to.eml": changed("To: Suzie Q <suzie@shopping.example.net>", "To: Suzie Q <suzie@elsewhere.example.net>"),
            "3-body.eml": changed("Are you hungry yet?", "Are you hungry now?"),
            "4-added-from.eml": changed("From: Joe SixPack", "From: Mallory <m@evil.example>\r\nFrom: Joe SixPack"),
            // Relaxed canonicalization: case and whitespace changes in a header, and trailing blank lines, are not tampering.
            "5-relaxed.eml": changed("Subject: Is dinner ready?", "SUBJECT:   Is  dinner\r\n\tready?  ") + Array("\r\n\r\n".utf8),
        ])
        let report = try DKIMPyVerifier.verify([folder.url.path], records: Self.records)
        #expect(report.messages.map(\.file) == ["0-intact.eml", "1-subject.eml", "2-to.eml", "3-body.eml", "4-added-from.eml", "5-relaxed.eml"])
        for message in report.messages {
            let expected = message.file == "0-intact.eml" || message.file == "5-relaxed.eml"
            #expect(message.signatures.count == 2, "\(message.file)")
            for signature in message.signatures {
                #expect(signature.ok == expected, "\(message.file) signature \(signature.index): \(signature.error ?? "verified")")
            }
        }
    }

    @Test func aMessageWithoutSignersIsUnchanged() throws {
        let message = try Self.unsignedMessage()
        #expect(try DKIMMessageSigner(signers: []).sign(message, at: Self.time) == message)
    }
}
