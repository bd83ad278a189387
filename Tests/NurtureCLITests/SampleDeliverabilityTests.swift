import Foundation
import Testing

/// What mailbox providers look at, on every preview message of the sample campaign: SpamAssassin's score
/// (Debian's spamassassin, local tests only, as `spamassassin -L -t`) and the list headers, read by
/// Python's own `email` parser. A template change that trips a rule fails here.
struct SampleDeliverabilityTests {
    /// Scores each file given as an argument with Mail::SpamAssassin, local tests only (what `-L` means):
    /// `score<TAB>rules hit<TAB>file` per line. One Perl process for every message (`spamassassin -t`
    /// takes a second each).
    static let scorer = """
        use strict; use warnings; use Mail::SpamAssassin;
        my $sa = Mail::SpamAssassin->new({ local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null' });
        for my $file (@ARGV) {
            open(my $fh, '<', $file) or die "$file: $!"; local $/; my $text = <$fh>; close $fh;
            my $msg = $sa->parse($text); my $status = $sa->check($msg);
            printf "%.1f\\t%s\\t%s\\n", $status->get_score(), $status->get_names_of_tests_hit(), $file;
            $status->finish(); $msg->finish();
        }
        """

    static func scores(_ files: [String]) throws -> [(score: Double, rules: String, file: String)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        process.arguments = ["-e", scorer] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "perl Mail::SpamAssassin failed: is Debian's spamassassin installed (scripts/setup)?")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
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
        let script = """
            import email, re, sys
            from email import policy
            for path in sys.argv[1:]:
                message = email.message_from_binary_file(open(path, 'rb'), policy=policy.default)
                step = message['X-Nurture-Step']
                problems = []
                if message['List-ID'] != 'lead-nurture <lead-nurture.northwind-analytics.example>':
                    problems.append('List-ID %r' % message['List-ID'])
                if message['Feedback-ID'] != 'lead-nurture:%s:northwind' % step:
                    problems.append('Feedback-ID %r' % message['Feedback-ID'])
                text = message.get_body(('plain',)).get_content()
                if '\\n-- \\n' not in text:
                    problems.append('no "-- " signature delimiter')
                if '\\n\\n\\n' in text:
                    problems.append('a stray blank line')
                if text.count('Northwind Analytics') > 3:
                    problems.append('the company name %d times' % text.count('Northwind Analytics'))
                for problem in problems:
                    print('%s: %s' % (path, problem))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == "")
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
