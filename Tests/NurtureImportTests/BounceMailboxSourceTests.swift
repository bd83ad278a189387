import Foundation
import NurtureCore
@testable import NurtureImport
import NurtureTestSupport
import Testing

/// `bounces.mbox`: a Postfix hard bounce, an Exim report with two recipients, a Postfix delay warning, an
/// out-of-office reply, a report with a recipient missing its Status, and a report without a boundary.
struct BounceMailboxSourceTests {
    /// What `dsn_recipients.py` (Python's `mailbox` and `email`) reads in the same file.
    struct Oracle: Decodable {
        struct Recipient: Decodable {
            var email: String?
            var action: String?
            var status: String?
        }

        struct Message: Decodable {
            var number: Int
            var is_report: Bool
            var multipart: Bool
            var recipients: [Recipient]
            var returned_message_id: String?
        }

        var python: String
        var messages: [Message]
    }

    static let now = TestTime.at("2026-12-01T00:00:00Z")

    func readAll(_ path: String) throws -> [BounceMailboxSource.Message] {
        var source = try BounceMailboxSource(path: path, addressPolicy: .reservedDomainsAllowed, now: Self.now)
        var messages: [BounceMailboxSource.Message] = []
        while let message = try source.next() { messages.append(message) }
        return messages
    }

    @Test func findsTheRecipientsStatusesAndMessageIDsPythonsParserFinds() throws {
        let path = Fixture.path("bounces.mbox")
        let oracle = try PythonScript.report(Oracle.self, "dsn_recipients.py", [path])
        let messages = try readAll(path)
        #expect(messages.map(\.number) == oracle.messages.map(\.number))
        #expect(oracle.messages.count == 6, "the fixture's six messages, as Python splits the mbox")

        for (ours, theirs) in zip(messages, oracle.messages) {
            #expect((ours.skipped != nil) == !theirs.is_report, "message \(ours.number)")
            // Python's blocks with a status, as failed/delayed bounces; nurture reads exactly those.
            let expected = theirs.recipients.compactMap { recipient -> String? in
                guard let email = recipient.email, let action = recipient.action, let status = recipient.status,
                      let severity = BounceSeverity.of(action: action, status: status) else { return nil }
                return "\(email.lowercased()) \(action) \(status) \(severity)"
            }
            #expect(ours.reports.map { "\($0.email.value.lowercased()) \($0.action) \($0.status) \($0.severity)" } == expected, "message \(ours.number)")
            for report in ours.reports {
                #expect(report.originalMessageID == theirs.returned_message_id, "message \(ours.number)")
            }
            // A report Python cannot split (no boundary) is one problem; otherwise one per recipient without a Status.
            let unreadable = theirs.is_report && !theirs.multipart ? 1 : theirs.recipients.filter { $0.status == nil }.count
            #expect(ours.problems.count == unreadable, "message \(ours.number): \(ours.problems)")
        }
        // The fixture covers what it claims to.
        let reports = messages.flatMap(\.reports)
        #expect(reports.filter { $0.severity == .hard }.count == 4)
        #expect(reports.filter { $0.severity == .soft }.map(\.email.value) == ["full@hooli.example"])
    }

    @Test func saysWhereAndWhyAMessageCannotBeRead() throws {
        let messages = try readAll(Fixture.path("bounces.mbox"))
        #expect(messages.flatMap(\.problems) == [
            RowRejection(line: 207, reason: "message 5: recipient someone@vandelay.example has no valid Status field (expected a code such as 5.1.1): ''"),
            RowRejection(line: 218, reason: "message 6: the multipart/report has no boundary or no parts"),
        ])
        #expect(messages[3].skipped == "not a delivery status notification (Content-Type text/plain)")
        #expect(messages[3].line == 182)
    }

    @Test func takesTheDiagnosticUnfoldedTheReportDateAndTheOriginalRecipient() throws {
        let first = try #require(try readAll(Fixture.path("bounces.mbox")).first?.reports.first)
        #expect(first.email.value == "gone@acme.example")
        #expect(first.diagnostic == "smtp; 550 5.1.1 <gone@acme.example>: Recipient address rejected: User unknown in virtual mailbox table")
        #expect(first.at == TestTime.at("2026-11-23T09:14:02Z"))
        #expect(first.reportID == "<20261123091402.4Hk2pL0xQz@mx.northwind.example>")
        #expect(first.source == "bounces.mbox message 1 (line 1)")

        let forwarded = try Fixture.temporaryFile("""
            From MAILER-DAEMON Mon Nov 23 09:14:02 2026
            Content-Type: multipart/report; report-type="delivery-status"; boundary="b"

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example

            Original-Recipient: rfc822;<sales@northwind.example>
            Final-Recipient: rfc822;jane@mailhost.example
            Action: failed
            Status: 5.2.2 (mailbox full for good)

            --b--

            """, extension: "mbox")
        defer { try? FileManager.default.removeItem(atPath: forwarded) }
        let report = try #require(try readAll(forwarded).first?.reports.first)
        #expect(report.email.value == "sales@northwind.example", "the address nurture sent to, not where it was forwarded")
        #expect(report.status == "5.2.2")
        #expect(report.at == Self.now, "no date in the report: the import's time")
        #expect(report.reportID == "")
    }

    @Test func aFileThatIsNoMboxIsOneErrorWithItsLine() throws {
        let path = try Fixture.temporaryFile("\nemail,type\nann@x.example,bounced\n", extension: "mbox")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ImportFileError.self) { try readAll(path) }
        do { _ = try readAll(path) } catch let error as ImportFileError {
            #expect(error.description == "\(path):2: not an mbox file: a mailbox file starts with a 'From ' line (export the bounce folder as mbox)")
        }
    }

    @Test func severityFollowsActionAndStatus() {
        #expect(BounceSeverity.of(action: "failed", status: "5.1.1") == .hard)
        #expect(BounceSeverity.of(action: "Failed", status: "4.4.7") == .soft)
        #expect(BounceSeverity.of(action: "delayed", status: "4.2.2") == .soft)
        #expect(BounceSeverity.of(action: "delivered", status: "2.0.0") == nil)
        #expect(BounceSeverity.of(action: "relayed", status: "5.0.0") == nil)
    }
}

struct SuppressionFileSourceTests {
    @Test func aPlainListSkipsBlanksAndCommentsAndRejectsBadLinesWithTheirLine() throws {
        let path = try Fixture.temporaryFile("# exported 2026-11-01\nann@acme.example\n\n  bob@acme.example  \nnot an address\n", extension: "txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try readAll(try SuppressionFileSource(path: path, addressPolicy: .reservedDomainsAllowed))
        #expect(rows.compactMap(\.record).map(\.value) == ["ann@acme.example", "bob@acme.example"])
        #expect(rows.map(\.line) == [2, 4, 5])
        #expect(rows.compactMap(\.rejection).map(\.line) == [5])
    }

    @Test func aCSVExportIsReadByItsEmailColumn() throws {
        let path = try Fixture.temporaryFile("""
            Email Address,Reason,Date
            ann@acme.example,"hard bounce, 550",2026-01-02
            "bob@acme.example",unsubscribed,2026-01-03
            cy@acme.example,spam
            """, extension: "csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try readAll(try SuppressionFileSource(path: path, addressPolicy: .reservedDomainsAllowed))
        #expect(rows.compactMap(\.record).map(\.value) == ["ann@acme.example", "bob@acme.example"])
        #expect(rows.compactMap(\.rejection) == [RowRejection(line: 4, reason: "expected 3 fields as in the header, found 2")])
    }

    @Test func aHeaderWithoutAnEmailColumnIsOneErrorNamingTheColumnsTaken() throws {
        let path = try Fixture.temporaryFile("name,reason\nAnn,bounced\n", extension: "csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ImportFileError.self) { try SuppressionFileSource(path: path) }
    }
}
