import Foundation
import NurtureCore
import NurtureImport
import Testing

struct ContactsCSVSourceTests {
    @Test func quotedFieldsBlankLinesAndCustomColumnsInAnLFFile() throws {
        let rows = try readAll(ContactsCSVSource(path: Fixture.path("contacts_quoted_lf.csv")))
        #expect(rows.map(\.line) == [2, 4, 6, 10])

        let ann = try #require(rows[0].record)
        #expect(ann.email.value == "ann@example.com")
        #expect(ann.firstName == "Ann")
        #expect(ann.lastName == "Lee")
        #expect(ann.company == "Acme, Inc.")
        #expect(ann.jobTitle == "CTO")
        #expect(ann.stage == .lead)
        #expect(ann.interests == ["data-engineering", "cloud"])
        #expect(ann.timeZone == "Europe/Paris")
        #expect(ann.score == 42)
        #expect(ann.customFields == ["favourite color": "blue", "plan": "pro"])

        // A job title with a line break in it is refused; the row started on line 4.
        let bob = try #require(rows[1].rejection)
        #expect(bob.line == 4)
        #expect(bob.reason.contains("job_title contains a line break"))

        let carol = try #require(rows[2].record)
        #expect(carol.email.value == "carol@example.com")
        #expect(carol.lastName == nil)
        #expect(carol.interests == nil)
        #expect(carol.score == nil)
        #expect(carol.customFields == ["favourite color": "green\nand\nred"])

        let dave = try #require(rows[3].record)
        #expect(dave.email.value == "dave@example.com")
        #expect(dave.score == 7)
        #expect(dave.customFields.isEmpty)
    }

    @Test func bomAndCRLFFile() throws {
        let rows = try readAll(ContactsCSVSource(path: Fixture.path("contacts_bom_crlf.csv")))
        #expect(rows.map(\.line) == [2, 5])
        let eve = try #require(rows[0].record)
        #expect(eve.email.value == "eve@example.com")
        #expect(eve.firstName == "Eve")
        #expect(eve.customFields == ["notes": "multi\r\nline, with comma"])
        let frank = try #require(rows[1].record)
        #expect(frank.customFields == ["notes": "said \"hi\""])
    }

    /// RFC 4180: a doubled quote inside a quoted field is one quote, and a quoted field may hold a line
    /// break; both at once is valid CSV, not broken quoting.
    @Test func aQuotedFieldWithDoubledQuotesAndALineBreakIsImported() throws {
        let csv = "email,notes\nann@acme.com,\"He said \"\"hi\"\"\nagain\"\nbob@acme.com,plain\n"
        let rows = try readAll(ContactsCSVSource(path: Fixture.temporaryFile(csv, extension: "csv")))
        #expect(rows.map(\.line) == [2, 4])
        #expect(try #require(rows[0].record).customFields == ["notes": "He said \"hi\"\nagain"])
        #expect(try #require(rows[1].record).email.value == "bob@acme.com")
    }

    /// A lone CR outside quotes in an LF file makes CSV.swift end the row there: both halves are refused
    /// with their lines, and the rows after keep theirs.
    @Test func aBareCarriageReturnOutsideQuotesRejectsBothHalvesOfTheRow() throws {
        let csv = "email,company,stage\nann@acme.com,Acme\rInc,lead\nbob@acme.com,Bobco,lead\n"
        let rows = try readAll(ContactsCSVSource(path: Fixture.temporaryFile(csv, extension: "csv")))
        #expect(rows.map(\.line) == [2, 2, 3])
        let first = try #require(rows[0].rejection)
        #expect(first.reason.contains("carriage return (CR) without a line feed"))
        let rest = try #require(rows[1].rejection)
        #expect(rest.reason.hasPrefix("this is the rest of the row on line 2"))
        #expect(try #require(rows[2].record).email.value == "bob@acme.com")
    }

    /// A file whose lines all end in a lone CR (old Mac exports) is read line by line, and a CR inside
    /// quotes is part of the field.
    @Test func crLineEndingsAndACarriageReturnInsideQuotesAreFine() throws {
        let csv = "email,notes\rann@acme.com,one\rbob@acme.com,\"two\rlines\"\r"
        let rows = try readAll(ContactsCSVSource(path: Fixture.temporaryFile(csv, extension: "csv")))
        #expect(rows.compactMap(\.rejection).isEmpty)
        #expect(rows.compactMap(\.record).map(\.email.value) == ["ann@acme.com", "bob@acme.com"])
        #expect(rows[1].record?.customFields == ["notes": "two\rlines"])
    }

    /// `"Acme" Inc` closes its quote and goes on: CSV.swift would read `Acme"Inc…` and run on; the row
    /// is refused even when another quote later on the line ends the run-on before the line does.
    @Test func textAfterAClosingQuoteIsRefusedEvenWithoutARunOn() throws {
        let csv = "email,company,notes\nann@acme.com,\"Acme\" Inc,\"x\"\nbob@acme.com,Bobco,\n"
        let rows = try readAll(ContactsCSVSource(path: Fixture.temporaryFile(csv, extension: "csv")))
        let rejection = try #require(rows.first?.rejection)
        #expect(rejection.line == 2)
        #expect(rejection.reason.hasPrefix("a quoted field has text after its closing quote"))
        #expect(rows.last?.record?.email.value == "bob@acme.com")
    }

    @Test func everyRejectionReasonWithItsLine() throws {
        let rows = try readAll(ContactsCSVSource(path: Fixture.path("contacts_rejections.csv")))
        let rejections = rows.compactMap(\.rejection)
        #expect(rejections.map(\.line) == [2, 3, 4, 6, 7, 8, 9])
        #expect(rejections[0].reason == "email is empty")
        #expect(rejections[1].reason == "email 'not-an-email' has no @")
        #expect(rejections[2].reason.hasPrefix("first_name contains a line break or control character"))
        #expect(rejections[3].reason == "score '12.5' is not an integer")
        #expect(rejections[4].reason == "expected 8 fields as in the header, found 5")
        #expect(rejections[5].reason.hasPrefix("company contains a line break or control character"))
        #expect(rejections[6].reason.hasPrefix("stage contains a line break or control character"))

        // An unknown time zone is a warning: the contact is imported with the raw value kept, so that its
        // events are not rejected with "no contact".
        var accepted = rows.compactMap(\.record)
        #expect(rows.last?.line == 11)
        #expect(accepted.map(\.email.value) == ["b@example.com", "g@example.com"])
        #expect(accepted.first?.timeZone == "Mars/Olympus")
        #expect(accepted.first?.warnings.first?.hasPrefix("unknown time zone 'Mars/Olympus'") == true)
        accepted.removeFirst()
        #expect(accepted.first?.timeZone == "UTC")
        #expect(accepted.first?.score == -3)
    }

    @Test func missingFile() throws {
        let path = Fixture.path("no-such-file.csv")
        let error = #expect(throws: ImportFileError.self) { try ContactsCSVSource(path: path) }
        #expect(error?.code == .missing)
        #expect(error?.description == "\(path): no such file")
    }

    @Test func directoryIsUnreadable() throws {
        let error = #expect(throws: ImportFileError.self) {
            try ContactsCSVSource(path: Fixture.path(""))
        }
        #expect(error?.code == .unreadable)
    }

    @Test func noEmailColumn() throws {
        let path = Fixture.path("contacts_no_email_column.csv")
        let error = #expect(throws: ImportFileError.self) { try ContactsCSVSource(path: path) }
        #expect(error?.code == .noEmailColumn)
        #expect(error?.description == "\(path):1: the header has no 'email' column")
    }

    @Test func duplicateColumnAfterTrimmingAndLowerCasing() throws {
        let error = #expect(throws: ImportFileError.self) {
            try ContactsCSVSource(path: Fixture.path("contacts_duplicate_column.csv"))
        }
        #expect(error?.code == .duplicateColumn)
        #expect(error?.line == 1)
        #expect(error?.message.contains("'company' appears twice") == true)
    }

    @Test func fileWithOnlyBlankLinesHasNoHeader() throws {
        let error = #expect(throws: ImportFileError.self) {
            try ContactsCSVSource(path: Fixture.path("contacts_empty.csv"))
        }
        #expect(error?.code == .noHeader)
    }

    @Test func lineNumbersStayRightOverManyChunks() throws {
        // Far more than one 64 KiB read, with a quoted two-line field every 100 rows.
        var text = "email,notes\n"
        var expected: [Int] = []
        var line = 2
        for index in 0..<3000 {
            expected.append(line)
            if index % 100 == 0 {
                text += "c\(index)@example.com,\"first\r\nsecond\"\n"
                line += 2
            } else {
                text += "c\(index)@example.com,\(String(repeating: "x", count: 40))\n"
                line += 1
            }
        }
        let path = try Fixture.temporaryFile(text, extension: "csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try readAll(ContactsCSVSource(path: path))
        #expect(rows.count == 3000)
        #expect(rows.map(\.line) == expected)
        #expect(rows.allSatisfy { $0.record != nil })
    }

    @Test func invalidUTF8IsAFileError() throws {
        let path = try Fixture.temporaryFile(Array("email\na@example.com\n".utf8) + [0xC3, 0x28, 0x0A], extension: "csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ImportFileError.self) { _ = try readAll(ContactsCSVSource(path: path)) }
        #expect(error?.code == .unreadable)
    }
}
