import Foundation
import NurtureTestSupport
import Testing

/// What mailbox providers look at, on every preview message of the sample campaign: SpamAssassin's score
/// (Debian's spamassassin, local tests only, as `spamassassin -L -t`) and the list headers, read by
/// Python's own `email` parser. A template change that trips a rule fails here.
struct SampleDeliverabilityTests {
    /// `spamassassin_scores.pl` (Mail::SpamAssassin, local tests only, one process for every message).
    static func scores(_ files: [String]) throws -> [(score: Double, rules: String, file: String)] {
        let output = try PythonScript.run("spamassassin_scores.pl", files, python: "/usr/bin/perl")
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (Double(parts[0]) ?? .infinity, parts[1], parts[2])
        }
    }

    func previewSample() throws -> (Workspace, [String]) {
        let workspace = try Workspace()
        try workspace.importExamples()
        let out = workspace.path("preview")
        let result = try workspace.nurture(["preview", "--campaign", Workspace.campaign, "--at", Workspace.at, "--db", workspace.db, "--out", out])
        expectNoCrash(result)
        #expect(result.status == 0, "\(result)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".eml") }.sorted()
        return (workspace, files.map { "\(out)/\($0)" })
    }

    @Test func everySamplePreviewScoresBelowOneWithSpamAssassin() throws {
        let (workspace, files) = try previewSample()
        #expect(files.count > 10)
        let scored = try Self.scores(files)
        #expect(scored.count == files.count)
        for result in scored {
            #expect(result.score < 1.0, "\(result.file): \(result.score) (\(result.rules))")
        }
        // The scorer does count: the same message with a spammer's subject goes well over 1.
        let spammy = workspace.path("spammy.eml")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: files[0]))
        try Data(String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "\r\nSubject: ", with: "\r\nSubject: FREE MONEY!!! ACT NOW, 100% GUARANTEED ").utf8)
            .write(to: URL(fileURLWithPath: spammy))
        let flagged = try #require(try Self.scores([spammy]).first)
        #expect(flagged.score >= 1.0, "\(flagged)")
    }

    /// List-ID (RFC 2919) and Feedback-ID on every message, as Python's `email` parser reads them, and the
    /// text part's signature delimiter is the standard `-- ` line.
    @Test func everySamplePreviewHasItsListHeadersAndASignatureDelimiter() throws {
        let (workspace, files) = try previewSample()
        defer { withExtendedLifetime(workspace) {} }
        let problems = try PythonScript.run("check_sample_headers.py", files, python: PythonScript.debianPython)
        #expect(String(decoding: problems, as: UTF8.self) == "")
    }

    /// A webinar registration that carries its own `join_url` gets that link; one without gets the event page.
    @Test func aRegistrationsOwnJoinLinkIsInItsConfirmation() throws {
        let (workspace, files) = try previewSample()
        defer { withExtendedLifetime(workspace) {} }
        let marco = try #require(files.first { $0.contains("thank-you-marco.bianchi@") })
        let text = try String(contentsOfFile: marco, encoding: .utf8)
        #expect(text.contains("https://events.northwind-analytics.example/join/mb-7f3k2q"))
        let others = try files.filter { $0.contains("thank-you-") && !$0.contains("marco") }
            .map { try String(contentsOfFile: $0, encoding: .utf8) }
            .filter { $0.contains("You're registered for") }
        #expect(!others.isEmpty)
        for other in others {
            #expect(!other.contains("/join/"))
            #expect(other.contains("The agenda and a calendar link are on the event page"))
        }
    }
}
