import Foundation
import NurtureMIME
import Testing

/// Builds sample messages and has a real parser (Python's `email` package, `policy.default`) read
/// them back: headers, parts and bodies must decode to what went in, with no defects.
struct PythonEmailParserTests {
    static let samples: [(name: String, message: MailMessage)] = [
        ("ascii", Samples.message(
            replyTo: Samples.mailbox("Support", "support@acme.example"),
            extraHeaders: [
                MailHeader("List-Unsubscribe", "<https://acme.example/unsubscribe/tok-123>, <mailto:unsubscribe@acme.example?subject=tok-123>"),
                MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                MailHeader("X-Nurture-Campaign", "welcome-2026"),
            ]
        )),
        ("french", Samples.message(
            from: Samples.mailbox("Hélène Dupré", "helene@acme.example"),
            to: Samples.mailbox("François Lefèvre", "francois@client.example"),
            subject: "Réunion de l'équipe à Noël — ça vous dit ?",
            textBody: "Bonjour François,\r\n\r\nÀ bientôt, et n'oubliez pas : 100 € = prix réduit.\r\nHélène\r\n",
            htmlBody: "<p>Bonjour François,</p>\n<p>À bientôt — Hélène</p>\n"
        )),
        ("emoji subject", Samples.message(
            subject: "🎉 Launch day 👩🏽‍💻 👨‍👩‍👧‍👦 🇫🇷 — you're invited! 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀",
            textBody: "See you there 🎉\n"
        )),
        ("300-char subject", Samples.message(
            subject: String((1...60).map { "word\($0)" }.joined(separator: " ").prefix(300)),
            textBody: "Short body."
        )),
        ("300-char non-ASCII subject", Samples.message(
            subject: String(String(repeating: "Prochaine étape : découvrir 日本語 ", count: 12).prefix(300)),
            textBody: "Corps."
        )),
        ("display names with specials", Samples.message(
            from: Samples.mailbox("Smith, John \"JJ\" \\ Jr.", "john@acme.example"),
            to: Samples.mailbox("O'Brien; Ops (EU) <team> @ HQ", "ops@client.example"),
            textBody: "Names with specials.\n"
        )),
        ("long unbroken line", Samples.message(
            textBody: String(repeating: "x", count: 2000) + "\n" + String(repeating: "é", count: 700) + "=" + String(repeating: " ", count: 5) + "\nend"
        )),
        ("dots and From lines", Samples.message(
            textBody: ".\nFrom the team\n..\nFrom \n.hidden\nnot From here\nE=mc2 and =41 and =\n.\n",
            htmlBody: ".\r\nFrom me\r\n<p>.</p>\r\n."
        )),
        ("html non-ascii", Samples.message(
            subject: "Grüße aus München",
            textBody: "Grüße aus München — 日本語 🎉\rline\r\n\ttabbed  \nlast line without break",
            htmlBody: "<html><body><p style=\"color: red\">Grüße aus München — 日本語 🎉</p>\n"
                + String(repeating: "<span>ü</span>", count: 200) + "\n</body></html>\n"
        )),
        ("empty body, no display names", Samples.message(
            from: Samples.mailbox(nil, "noreply@acme.example"),
            to: Samples.mailbox(nil, "jane@customer.example"),
            textBody: ""
        )),
    ]

    @Test func pythonsEmailPackageReadsEveryMessageBack() throws {
        var built: [(name: String, message: MailMessage, bytes: [UInt8])] = []
        for sample in Self.samples {
            built.append((sample.name, sample.message, try WireFormat.build(sample.message)))
        }
        let report = try PythonEmailChecker.check(built)
        #expect(report.cases.map(\.name) == Self.samples.map(\.name))
        for (result, sample) in zip(report.cases, Self.samples) {
            #expect(result.problems == [], "\(result.name) (Python \(report.python))")
            #expect(result.observed.subject == sample.message.subject.trimmingCharacters(in: .whitespaces), "\(result.name)")
            let types = sample.message.htmlBody == nil ? ["text/plain"] : ["text/plain", "text/html"]
            #expect(result.observed.part_types == types, "\(result.name)")
            var contents = [PythonEmailChecker.lf(sample.message.textBody)]
            if let html = sample.message.htmlBody { contents.append(PythonEmailChecker.lf(html)) }
            #expect(result.observed.part_contents == contents, "\(result.name)")
        }
    }

    @Test func theCheckerNoticesABrokenMessage() throws {
        // Guard against a checker that cannot fail: a bare LF, a wrong subject and a bad QP escape.
        let message = Samples.message(subject: "Expected subject")
        var bytes = try MessageBuilder.build(message)
        let text = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "Subject: Expected subject", with: "Subject: Other subject")
            .replacingOccurrences(of: "Hello Jane,\r\n", with: "Hello Jane,=ZZ\n")
        bytes = Array(text.utf8)
        let report = try PythonEmailChecker.check([("broken", message, bytes)])
        let problems = try #require(report.cases.first).problems
        #expect(problems.contains { $0.contains("bare LF") })
        #expect(problems.contains { $0.hasPrefix("subject:") })
        #expect(problems.contains { $0.hasPrefix("part_contents:") || $0.contains("defect") })
    }
}
