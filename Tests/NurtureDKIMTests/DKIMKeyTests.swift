import Foundation
import NurtureDKIM
import NurtureTestSupport
import Testing

/// Key files: the formats read and written, the ones refused and why, and that nothing of a key is
/// ever in a description or an error.
struct DKIMKeyTests {
    /// A real 512-bit RSA key, made by openssl (scripts/setup installs it).
    static func rsa512() throws -> String {
        let folder = try TemporaryFolder(prefix: "nurture-dkim")
        let path = folder.path("small.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "genrsa", "-traditional", "-out", path, "512"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl genrsa 512")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func anRSAKeyWrittenAsPEMReadsBackAsTheSameKey() throws {
        let key = try DKIMKey.generateRSA()
        #expect(key.algorithm == .rsaSHA256 && key.bits == 2048)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        let read = try DKIMKey(fileContents: key.pemRepresentation)
        #expect(read.publicKeyBase64 == key.publicKeyBase64)
        #expect(Data(base64Encoded: key.publicKeyBase64)?.count == 294, "SubjectPublicKeyInfo of a 2048-bit key")
    }

    @Test func anEd25519KeyWrittenAsPKCS8ReadsBackAsTheSameKey() throws {
        let key = DKIMKey.generateEd25519()
        #expect(key.algorithm == .ed25519SHA256)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"))
        let read = try DKIMKey(fileContents: key.pemRepresentation)
        #expect(read.publicKeyBase64 == key.publicKeyBase64)
        #expect(Data(base64Encoded: key.publicKeyBase64)?.count == 32)
    }

    @Test func readsPKCS8RSAAndTheBase64SeedOthersWrite() throws {
        let pkcs8 = try DKIMKey(fileContents: try DKIMVector.text("dkimpy-1.1.8-testdata/2048_testkey_PKCS8.key"))
        #expect(pkcs8.algorithm == .rsaSHA256 && pkcs8.bits == 2048)
        let published = try DKIMVector.text("dkimpy-1.1.8-testdata/2048_testkey_PKCS8.key.pub.txt")
        #expect(published.filter { !$0.isWhitespace }.contains(pkcs8.publicKeyBase64))
        let seed = try DKIMKey(fileContents: try DKIMVector.text("dkimpy-1.1.8-testdata/rfc8032_7_1.key"))
        #expect(seed.publicKeyBase64 == "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "RFC 8032 7.1 test 1")
    }

    @Test func refusesWhatIsNotAPrivateKeyWithAReason() throws {
        let publicKey = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n"
        let cases: [(String, DKIMKeyError)] = [
            ("", .unrecognized),
            ("hello world", .unrecognized),
            ("c2hvcnQ=", .unrecognized),
            (publicKey, .unsupportedPEM(label: "PUBLIC KEY")),
            ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n", .unsupportedPEM(label: "ENCRYPTED PRIVATE KEY")),
            ("-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----\n", .malformedPEM(label: "RSA PRIVATE KEY")),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n", .unusableRSA(label: "RSA PRIVATE KEY")),
            // Well formed, but 512 bits: under RFC 8301's 1024.
            (try Self.rsa512(), .unusableRSA(label: "RSA PRIVATE KEY")),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n", .malformedPEM(label: "RSA PRIVATE KEY")),
            ("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n", .malformedPEM(label: "PRIVATE KEY")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try DKIMKey(fileContents: text) }
        }
        #expect(DKIMKeyError.unsupportedPEM(label: "PUBLIC KEY").description.contains("needs the private key"))
    }

    /// A BEGIN line that lost its closing dashes: the label must not run on into the key's base64, which an
    /// error message would then show.
    @Test func aDamagedBeginLineNeverPutsTheKeyInTheError() throws {
        let key = try DKIMKey.generateRSA()
        let damaged = key.pemRepresentation.replacingOccurrences(of: "-----BEGIN RSA PRIVATE KEY-----", with: "-----BEGIN RSA PRIVATE KEY")
        let body = key.pemRepresentation.split(separator: "\n")[1]
        do {
            _ = try DKIMKey(fileContents: damaged)
            Issue.record("a damaged key was read")
        } catch {
            #expect(error == .unrecognized)
            #expect(!error.description.contains(String(body.prefix(12))), "\(error)")
        }
    }

    @Test func neverShowsTheKey() throws {
        for key in [try DKIMKey.generateRSA(), DKIMKey.generateEd25519()] {
            let pemBody = key.pemRepresentation.split(separator: "\n").dropFirst().dropLast().joined()
            for shown in [key.description, key.debugDescription, "\(key)", String(reflecting: key)] {
                #expect(!shown.contains(String(pemBody.prefix(12))), "\(shown)")
            }
            #expect(key.description.hasSuffix("key"))
        }
    }

    @Test func dnsRecordsSplitIntoStringsOfAtMost255() throws {
        let key = try DKIMKey.generateRSA()
        let record = DKIMDNSRecord(selector: "nurture2026", domain: "mail.example.com", key: key)
        #expect(record.name == "nurture2026._domainkey.mail.example.com")
        #expect(record.value == "v=DKIM1; k=rsa; p=\(key.publicKeyBase64)")
        #expect(record.strings.count == 2)
        #expect(record.strings.allSatisfy { $0.count <= 255 } && record.strings.joined() == record.value)
        #expect(record.zoneLine == "nurture2026._domainkey.mail.example.com IN TXT \"\(record.strings[0])\" \"\(record.strings[1])\"")
        let ed = DKIMDNSRecord(selector: "e", domain: "example.com", key: DKIMKey.generateEd25519())
        #expect(ed.strings.count == 1 && ed.value.hasPrefix("v=DKIM1; k=ed25519; p="))
    }
}
