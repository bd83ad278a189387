import Foundation
import NurtureTestSupport
import Testing

/// DKIM as a user meets it: `nurture dkim keygen` and `check`, then the sample campaign's previews, a
/// run and a test send signed with those keys, each message verified by dkimpy with the printed records
/// (no DNS), read back by Python's `email` package, and broken by tampering.
@Suite(.serialized) struct DKIMCommandTests {
    static let domain = "northwind-analytics.example"

    /// A TXT record from a `name IN TXT "…" "…"` line: its name and its strings joined.
    static func record(_ line: String) throws -> (name: String, value: String) {
        let parts = line.components(separatedBy: " IN TXT ")
        guard parts.count == 2 else { throw CLI.Failure(description: "not a TXT record line: \(line)") }
        let strings = parts[1].split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(strings.allSatisfy { $0.count <= 255 }, "\(line)")
        return (parts[0], strings.joined())
    }

    struct Keys {
        var rsa: String
        var ed25519: String
        var records: [String: String]
    }

    /// Generates an RSA and an Ed25519 key with the sample campaign's selectors.
    func keygen(_ workspace: Workspace) throws -> Keys {
        var records: [String: String] = [:]
        for (selector, file, extra) in [("nurture2026", "rsa.pem", [String]()), ("nurture2026-ed", "ed25519.pem", ["--ed25519"])] {
            let result = try workspace.nurture(["dkim", "keygen", "--selector", selector, "--domain", Self.domain, "--out", file] + extra)
            expectNoCrash(result)
            #expect(result.status == 0, "\(result)")
            let line = try #require(result.stdoutLines.last)
            let record = try Self.record(line)
            #expect(record.name == "\(selector)._domainkey.\(Self.domain)")
            records[record.name] = record.value
        }
        return Keys(rsa: workspace.path("rsa.pem"), ed25519: workspace.path("ed25519.pem"), records: records)
    }

    func preview(_ workspace: Workspace, out: String, environment: [String: String]) throws -> CLI.Result {
        let result = try workspace.nurture(["preview", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out], environment: environment)
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        return result
    }

    func emlFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }.sorted()
    }

    @Test func keygenWritesAPrivateFileAndPrintsTheRecordThatCheckPrintsToo() throws {
        let workspace = try Workspace()
        let result = try workspace.nurture("dkim", "keygen", "--selector", "s1", "--domain", "mail.example.com")
        #expect(result.status == 0, "\(result)")
        let file = workspace.path("dkim-mail.example.com-s1.pem")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let pem = try String(contentsOfFile: file, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        // A line from the end of the file: the private exponent's CRT parts (the start holds the public modulus).
        let secretLine = try #require(pem.split(separator: "\n").dropLast(2).last)
        #expect(!result.stdout.contains(secretLine) && !result.stderr.contains(secretLine), "the key is never printed")

        let line = try #require(result.stdoutLines.last)
        #expect(line.hasPrefix("s1._domainkey.mail.example.com IN TXT \"v=DKIM1; k=rsa; p=MIIBIjAN"), "\(line)")
        #expect(try Self.record(line).value.count > 255, "a 2048-bit key's record needs two strings")

        // check fetches nothing and prints the same record, from the flag or the environment.
        let check = try workspace.nurture("dkim", "check", "--selector", "s1", "--domain", "mail.example.com", "--key", file)
        #expect(check.status == 0, "\(check)")
        #expect(check.stdoutLines.last == line)
        let fromEnvironment = try workspace.nurture(["dkim", "check", "--selector", "s1", "--domain", "mail.example.com"], environment: ["NURTURE_DKIM_KEY_FILE": file])
        #expect(fromEnvironment.stdoutLines.last == line, "\(fromEnvironment)")

        // A second keygen never overwrites the first key.
        let again = try workspace.nurture("dkim", "keygen", "--selector", "s1", "--domain", "mail.example.com")
        #expect(again.status == 1 && again.stderrLines.count == 1, "\(again)")
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == pem)
    }

    @Test func checkWithTheCampaignPrintsEachKeysRecordUnderItsSelector() throws {
        let workspace = try Workspace()
        let keys = try keygen(workspace)
        let check = try workspace.nurture(["dkim", "check", "--campaign", Workspace.campaign],
                                          environment: ["NURTURE_DKIM_KEY_FILE": keys.rsa, "NURTURE_DKIM_ED25519_KEY_FILE": keys.ed25519])
        #expect(check.status == 0, "\(check)")
        let records = try check.stdoutLines.filter { $0.contains(" IN TXT ") }.map(Self.record)
        #expect(Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0.value) }) == keys.records)
    }

    @Test func everySamplePreviewIsSignedAndVerifiesWithRSAAndEd25519() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let keys = try keygen(workspace)
        let unsigned = workspace.path("unsigned")
        let plain = try preview(workspace, out: unsigned, environment: [:])
        #expect(plain.stderrLines == ["warning: campaign 'lead-nurture' names DKIM selector 'nurture2026' of \(Self.domain), but no key is configured (NURTURE_DKIM_KEY_FILE or --dkim-key): its messages are not signed"], "\(plain)")

        let signed = workspace.path("signed")
        let result = try preview(workspace, out: signed, environment: ["NURTURE_DKIM_KEY_FILE": keys.rsa, "NURTURE_DKIM_ED25519_KEY_FILE": keys.ed25519])
        #expect(result.stderr == "", "\(result)")
        let files = try emlFiles(signed)
        #expect(files.count > 10)
        #expect(files == (try emlFiles(unsigned)))

        // The signature fields go on top of the very message an unsigned preview has.
        for file in files {
            let signedText = try String(contentsOfFile: signed + "/" + file, encoding: .utf8)
            let unsignedText = try String(contentsOfFile: unsigned + "/" + file, encoding: .utf8)
            #expect(signedText.hasPrefix("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n d=\(Self.domain); s=nurture2026;"), "\(file)")
            #expect(signedText.hasSuffix("\r\n" + unsignedText), "\(file)")
        }

        let report = try DKIMPyVerifier.verify([signed], records: keys.records)
        #expect(report.messages.map(\.file) == files)
        for message in report.messages {
            #expect(message.signatures.map(\.tags["a"]) == ["rsa-sha256", "ed25519-sha256"], "\(message.file)")
            #expect(message.signatures.map(\.tags["s"]) == ["nurture2026", "nurture2026-ed"], "\(message.file)")
            for signature in message.signatures {
                #expect(signature.ok, "\(message.file) signature \(signature.index): \(signature.error ?? "fails") (dkimpy \(report.dkimpy))")
                #expect(signature.tags["d"] == Self.domain)
                #expect(signature.tags["t"] == "\(Int(ISO8601DateFormatter().date(from: Workspace.at)?.timeIntervalSince1970 ?? 0))")
                #expect(signature.tags["h"] == "From:From:Reply-To:To:Subject:Date:Message-ID:MIME-Version:Content-Type:List-Unsubscribe:List-Unsubscribe-Post:List-ID:Feedback-ID",
                        "\(message.file): \(signature.tags["h"] ?? "")")
            }
        }

        // Python's email package reads the signed messages as it reads the unsigned ones.
        let inspected = try EMLInspector.inspect(directory: signed)
        let plainInspected = try EMLInspector.inspect(directory: unsigned)
        for (message, plain) in zip(inspected.messages, plainInspected.messages) {
            #expect(message.problems == [], "\(message.file) (Python \(inspected.python))")
            #expect(message.headerNames == ["DKIM-Signature", "DKIM-Signature"] + plain.headerNames, "\(message.file)")
            #expect(Array(message.headers.dropFirst(2)) == plain.headers && message.parts.map(\.content) == plain.parts.map(\.content), "\(message.file)")
            #expect(message.header("DKIM-Signature").allSatisfy { $0.hasPrefix("v=1; a=") && $0.contains(" b=") }, "\(message.file)")
        }
    }

    @Test func aTamperedPreviewNoLongerVerifies() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let keys = try keygen(workspace)
        let out = workspace.path("preview")
        _ = try preview(workspace, out: out, environment: ["NURTURE_DKIM_KEY_FILE": keys.rsa, "NURTURE_DKIM_ED25519_KEY_FILE": keys.ed25519])
        let file = try #require(try emlFiles(out).first)
        let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
        let tampered = workspace.path("tampered")
        try FileManager.default.createDirectory(atPath: tampered, withIntermediateDirectories: true)
        let subject = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        let unsubscribe = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("List-Unsubscribe: ") })
        try text.replacingOccurrences(of: subject, with: subject + " (urgent)").write(toFile: tampered + "/subject.eml", atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: unsubscribe, with: "List-Unsubscribe: <https://evil.example/u>").write(toFile: tampered + "/unsubscribe.eml", atomically: true, encoding: .utf8)
        try text.write(toFile: tampered + "/untouched.eml", atomically: true, encoding: .utf8)
        let report = try DKIMPyVerifier.verify([tampered], records: keys.records)
        #expect(report.messages.map(\.file) == ["subject.eml", "unsubscribe.eml", "untouched.eml"])
        for message in report.messages {
            #expect(message.signatures.count == 2)
            #expect(message.signatures.allSatisfy { $0.ok == (message.file == "untouched.eml") }, "\(message.file): \(message.signatures.map { $0.error ?? "ok" })")
        }
    }

    @Test func whatRunAndSendTestPutOnTheWireVerifies() async throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let keys = try keygen(workspace)
        let environment = ["NURTURE_DKIM_KEY_FILE": keys.rsa, "NURTURE_DKIM_ED25519_KEY_FILE": keys.ed25519]
        let server = try await TestSMTPServer(mode: "plain")
        let run = try workspace.nurture(["run", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--limit", "3"],
                                        environment: environment.merging(["NURTURE_SMTP_URL": server.url]) { a, _ in a })
        expectNoCrash(run)
        #expect(run.status == 0, "\(run)")
        let sendTest = try workspace.nurture(["send-test", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db,
                                              "--step", "thank-you", "--contact", "olivia.bennett@brightwave.example", "--to", "marketer@northwind.example"],
                                             environment: environment.merging(["NURTURE_SMTP_URL": server.url]) { a, _ in a })
        #expect(sendTest.status == 0, "\(sendTest)")
        #expect(try server.received().count == 4)
        let report = try DKIMPyVerifier.verify([server.directory.path], records: keys.records)
        #expect(report.messages.count == 4)
        for message in report.messages {
            #expect(message.signatures.count == 2 && message.signatures.allSatisfy(\.ok), "\(message.file): \(message.signatures.map { $0.error ?? "ok" })")
        }
    }

    @Test func aKeyThatCannotBeUsedStopsEverythingWithOneLine() async throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let keys = try keygen(workspace)
        let publicOnly = try workspace.write("public.pem", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n")
        let server = try await TestSMTPServer(mode: "plain")
        let cases: [([String: String], String)] = [
            (["NURTURE_DKIM_KEY_FILE": workspace.path("missing.pem")], "nurture: DKIM key \(workspace.path("missing.pem")) (NURTURE_DKIM_KEY_FILE): the file does not exist"),
            (["NURTURE_DKIM_KEY_FILE": publicOnly], "nurture: DKIM key \(publicOnly) (NURTURE_DKIM_KEY_FILE): holds a public key (PUBLIC KEY): DKIM signing needs the private key"),
            (["NURTURE_DKIM_ED25519_KEY_FILE": keys.rsa], "nurture: DKIM key \(keys.rsa) (NURTURE_DKIM_ED25519_KEY_FILE): is an RSA key where an Ed25519 key is wanted"),
        ]
        let rsaSecret = try #require(try String(contentsOfFile: keys.rsa, encoding: .utf8).split(separator: "\n").dropLast(2).last)
        for (environment, line) in cases {
            for command in ["run", "preview"] {
                let extra = command == "run" ? [String]() : ["--out", workspace.path("out-\(UUID().uuidString)")]
                let result = try workspace.nurture([command, "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db] + extra,
                                                   environment: environment.merging(["NURTURE_SMTP_URL": server.url]) { a, _ in a })
                expectNoCrash(result)
                #expect(result.status == 1, "\(result)")
                #expect(result.stderrLines == [line], "\(result)")
                #expect(!result.stderr.contains(rsaSecret))
            }
        }
        #expect(try server.received().isEmpty)
        #expect(try workspace.count("message") == 0)
    }

    @Test func aCampaignWithoutDKIMSettingsIsRefusedWhenAKeyIsSet() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let keys = try keygen(workspace)
        let sample = try Workspace.sampleCampaignText()
        let start = try #require(sample.range(of: "  # DKIM:"))
        let end = try #require(sample.range(of: "ed25519_selector: nurture2026-ed\n"))
        let campaign = try workspace.write("campaigns/plain.yaml", sample.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
            .replacingOccurrences(of: "templates: ../templates", with: "templates: \(Workspace.templates)"))
        let result = try workspace.nurture(["preview", "--campaign", campaign, "--at", Workspace.at, "--db", workspace.db, "--out", workspace.path("out")],
                                           environment: ["NURTURE_DKIM_KEY_FILE": keys.rsa])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderrLines == ["nurture: \(campaign): campaign 'lead-nurture' has no sender dkim (domain, selector) to sign with the key from NURTURE_DKIM_KEY_FILE"], "\(result)")
    }
}
