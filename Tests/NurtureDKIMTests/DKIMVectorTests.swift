import Foundation
import NurtureDKIM
import NurtureTestSupport
import Testing

/// The signer's canonicalization, hashing and signing against every signature in the published vectors
/// (`../shared/conformance/dkim-vectors/`, see its SOURCE.md): same key, same message, same `bh=` and
/// the same `b=`, byte for byte. Each vector's own DKIM-Signature field (its tags, order and folding)
/// is what gets signed, as a verifier would rebuild it.
struct DKIMVectorTests {
    @Test func theIndexListsEverySignature() throws {
        let vectors = try DKIMVector.all()
        #expect(vectors.count == 8)
        #expect(Set(vectors.map(\.algorithm)) == ["rsa-sha256", "ed25519-sha256"])
        #expect(Set(vectors.map(\.canonicalization)) == ["relaxed/relaxed", "simple/simple"])
    }

    @Test(arguments: try DKIMVector.all())
    func reproducesTheBodyHashAndSignatureByteForByte(_ vector: DKIMVector) throws {
        let parts = DKIMMessageParts(try vector.messageBytes())
        let signatureFields = parts.fields.filter { $0.lowercasedName == "dkim-signature" }
        let field = try #require(signatureFields.count > vector.signatureIndex ? signatureFields[vector.signatureIndex] : nil, "\(vector)")
        let tags = DKIMTags.ofField(field.raw)
        // The vector file says what INDEX.tsv says.
        #expect(tags["a"] == vector.algorithm, "\(vector)")
        #expect(tags["d"] == vector.domain && tags["s"] == vector.selector, "\(vector)")
        #expect(tags["t"] ?? "" == vector.timestamp, "\(vector)")
        #expect(tags["bh"] == vector.bodyHash && tags["b"] == vector.signature, "\(vector)")

        let modes = try vector.canonicalization.split(separator: "/").map { try #require(DKIMCanonicalization(rawValue: String($0))) }
        let header = modes[0]
        let body = modes.count > 1 ? modes[1] : .simple

        let bodyHash = Data(DKIMBodyHash.digest(of: parts.body, canonicalization: body)).base64EncodedString()
        #expect(bodyHash == vector.bodyHash, "\(vector)")

        let key = try vector.key()
        #expect(key.algorithm.rawValue == vector.algorithm, "\(vector)")
        let signedHeaders = try #require(tags["h"]).split(separator: ":").map(String.init)
        let signature = try DKIMSigner.signature(
            key: key, fields: parts.fields, signedHeaders: signedHeaders, canonicalization: header,
            unsignedField: DKIMTags.withoutSignature(field.raw)
        )
        #expect(Data(signature).base64EncodedString() == vector.signature, "\(vector)")
    }

    @Test(arguments: try DKIMVector.all())
    func derivesThePublishedPublicKey(_ vector: DKIMVector) throws {
        let published = try #require(try vector.publishedPublicKey(), "\(vector): no record in \(vector.dnsTXT)")
        let key = try vector.key()
        #expect(key.publicKeyBase64 == published, "\(vector)")
        let record = DKIMDNSRecord(selector: vector.selector, domain: vector.domain, key: key)
        #expect(record.name == "\(vector.selector)._domainkey.\(vector.domain)")
        #expect(DKIMTags.parse(record.value)["p"] == published)
    }

    @Test func aChangedSignedHeaderGivesAnotherSignature() throws {
        let vector = try #require(try DKIMVector.all().first { $0.canonicalization == "relaxed/relaxed" && $0.algorithm == "rsa-sha256" })
        var bytes = try vector.messageBytes()
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Subject: Is dinner ready?", with: "Subject: Is dinner ready!")
        #expect(text.utf8.count == bytes.count)
        bytes = Array(text.utf8)
        let parts = DKIMMessageParts(bytes)
        let field = try #require(parts.fields.filter { $0.lowercasedName == "dkim-signature" }.dropFirst(vector.signatureIndex).first)
        let tags = DKIMTags.ofField(field.raw)
        let signature = try DKIMSigner.signature(
            key: try vector.key(), fields: parts.fields, signedHeaders: try #require(tags["h"]).split(separator: ":").map(String.init),
            canonicalization: .relaxed, unsignedField: DKIMTags.withoutSignature(field.raw)
        )
        #expect(Data(signature).base64EncodedString() != vector.signature)
    }
}
