import Foundation
import Testing

/// Whatever goes wrong, the user gets one `nurture: …` line naming the file, a non-zero exit status,
/// never a stack trace, and the store is left as it was.
struct ErrorReportingTests {
    @Test func aFileThatIsNotAStoreIsOneLine() throws {
        let workspace = try Workspace()
        let notAStore = try workspace.write("contacts-copy.sqlite", try String(contentsOfFile: Workspace.contactsCSV, encoding: .utf8))
        try FileManager.default.createDirectory(atPath: workspace.path("a-folder"), withIntermediateDirectories: true)
        for db in [notAStore, workspace.path("a-folder")] {
            let result = try workspace.nurture("plan", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", db)
            expectNoCrash(result)
            #expect(result.status != 0, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("nurture: \(db): ") == true, "\(result)")
        }
        #expect(try String(contentsOfFile: notAStore, encoding: .utf8) == String(contentsOfFile: Workspace.contactsCSV, encoding: .utf8),
                "a file that is not a store is never written to")
    }

    @Test func unreadableInputLeavesTheStoreAsItWas() throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        let before = try workspace.snapshot()
        try FileManager.default.createDirectory(atPath: workspace.path("a-folder"), withIntermediateDirectories: true)
        try Data([0x65, 0x6D, 0x61, 0x69, 0x6C, 0x0A, 0xFF, 0xFE, 0x40, 0x78, 0x0A]).write(to: URL(fileURLWithPath: workspace.path("latin.csv")))
        for file in ["a-folder", "latin.csv"] {
            let result = try workspace.nurture("import", "contacts", file, "--db", workspace.db)
            expectNoCrash(result)
            #expect(result.status != 0, "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("nurture: \(file)") == true, "\(result)")
        }
        #expect(try workspace.snapshot() == before)
    }

    @Test func aCampaignFileThatIsNotYAMLIsAProblemNotACrash() throws {
        let workspace = try Workspace()
        try Data((0..<256).map { UInt8($0) }).write(to: URL(fileURLWithPath: workspace.path("binary.yaml")))
        try workspace.write("list.yaml", "- just\n- a list\n")
        for file in ["binary.yaml", "list.yaml"] {
            let result = try workspace.nurture("validate", file)
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            #expect(!result.stdoutLines.isEmpty, "\(result)")
            for line in result.stdoutLines { #expect(ValidateCommandTests.isProblemLine(line, file: file), "\(line)") }
        }
    }

    @Test func anUnknownCommandShowsUsage() throws {
        let workspace = try Workspace()
        let result = try workspace.nurture("frobnicate")
        expectNoCrash(result)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Usage:") || result.stderr.contains("USAGE:"), "\(result)")
        let help = try workspace.nurture("--help")
        #expect(help.status == 0)
        for command in ["import", "validate", "plan", "preview", "simulate"] { #expect(help.stdout.contains(command), "\(help)") }
    }

    /// A mistyped scheme, or credentials in the URL: the error names the problem, never the password.
    @Test(arguments: ["smtpx://u:S3cr3t@127.0.0.1:25", "smtp://u:S3cr3t@127.0.0.1:25", "smtp//u:S3cr3t@127.0.0.1", "smtp://u:S3cr3t@127.0.0.1:99999", "smtp://u:S3/cr3t@127.0.0.1"])
    func aPasswordInAnSMTPURLNeverReachesTheOutput(url: String) throws {
        let workspace = try Workspace()
        try workspace.importExamples()
        for via in ["flag", "environment"] {
            let arguments = ["run", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db] + (via == "flag" ? ["--smtp-url", url] : [])
            let result = try workspace.nurture(arguments, environment: via == "flag" ? [:] : ["NURTURE_SMTP_URL": url])
            expectNoCrash(result)
            #expect(result.status != 0, "\(result)")
            #expect(!result.stderr.contains("cr3t") && !result.stdout.contains("cr3t"), "\(via): \(result)")
            #expect(result.stderrLines.count == 1, "\(via): \(result)")
        }
    }
}
