import Foundation
import NurtureCore
import NurtureImport
import Testing

struct EventsFileSourceTests {
    @Test func csvEvents() throws {
        let rows = try readAll(EventsFileSource(path: Fixture.path("events.csv")))
        #expect(rows.map(\.line) == [2, 3, 4, 5, 6])

        let download = try #require(rows[0].record)
        #expect(download.email.value == "ann@example.com")
        #expect(download.event.type == .contentDownloaded)
        #expect(download.event.at == Date(timeIntervalSince1970: 1_772_357_400))
        #expect(download.event.content == "ebook-data")
        #expect(download.event.properties == ["utm_source": "newsletter"])

        let view = try #require(rows[1].record)
        #expect(view.event.type == .pageViewed)
        #expect(view.event.at == Date(timeIntervalSince1970: 1_772_442_000.25))
        #expect(view.event.content == nil)
        #expect(view.event.properties == ["page": "/pricing"])

        let noOffset = try #require(rows[2].rejection)
        #expect(noOffset.reason.contains("has no time zone offset"))

        let unknown = try #require(rows[3].rejection)
        #expect(unknown.reason.hasPrefix("unknown event type 'sneezed'; expected one of: form_submitted,"))

        let upper = try #require(rows[4].record)
        #expect(upper.event.type == .pageViewed)
        #expect(upper.event.at == Date(timeIntervalSince1970: 1_772_629_200))
        #expect(upper.event.properties == ["page": "/a,b"])
    }

    @Test func jsonLinesEvents() throws {
        let rows = try readAll(EventsFileSource(path: Fixture.path("events.jsonl")))
        #expect(rows.map(\.line) == [1, 3, 4, 5, 6, 7, 8])

        let download = try #require(rows[0].record)
        #expect(download.event.type == .contentDownloaded)
        #expect(download.event.content == "ebook-data")
        #expect(download.event.properties == [
            "utm": #"{"medium":"y","source":"x"}"#, "count": "3", "paid": "true", "ratio": "1.5",
        ])

        let view = try #require(rows[1].record)
        #expect(view.event.at == Date(timeIntervalSince1970: 1_772_442_000.25))
        #expect(view.event.properties == ["page": "/pricing"])

        let malformed = try #require(rows[2].rejection)
        #expect(malformed.line == 4)
        #expect(malformed.reason.hasPrefix("malformed JSON"))

        let noOffset = try #require(rows[3].rejection)
        #expect(noOffset.line == 5)
        #expect(noOffset.reason.contains("has no time zone offset"))

        let array = try #require(rows[4].rejection)
        #expect(array.reason == "expected a JSON object, found an array")

        let crlf = try #require(rows[5].record)
        #expect(crlf.email.value == "bob@example.com")
        #expect(crlf.event.at == Date(timeIntervalSince1970: 1_772_755_200))

        let lastLine = try #require(rows[6].record)
        #expect(lastLine.event.content == "42")
    }

    /// `"pricing" page`: the quote closes and text follows, so CSV.swift reads on to the next quote and the
    /// rows after it vanish into one field. The row is rejected, naming the swallowed lines, instead of
    /// importing an unsubscribe as part of a page name.
    @Test func aStrayQuoteIsARejectedRowNotSwallowedRows() throws {
        let csv = """
            email,type,at,content,page
            ann@example.com,page_viewed,2026-11-22T10:00:00Z,,"pricing" page
            ann@example.com,unsubscribed,2026-11-22T11:00:00Z,,
            bob@example.com,demo_requested,2026-11-22T12:00:00Z,,

            """
        let rows = try readAll(EventsFileSource(path: Fixture.temporaryFile(csv, extension: "csv")))
        #expect(rows.count == 1)
        let rejection = try #require(rows.first?.rejection)
        #expect(rejection.line == 2)
        #expect(rejection.reason.contains("not doubled"))
        #expect(rejection.reason.contains("swallowed lines 3–4"))
    }

    @Test func aQuotedMultiLineFieldIsFine() throws {
        let csv = "email,type,at,content,note\nann@example.com,form_submitted,2026-11-22T10:00:00Z,,\"two\nlines\"\n"
        let rows = try readAll(EventsFileSource(path: Fixture.temporaryFile(csv, extension: "csv")))
        #expect(rows.first?.record?.event.properties["note"] == "two\nlines")
    }

    @Test func unknownExtensionIsAFileError() throws {
        let path = Fixture.path("events.txt")
        let error = #expect(throws: ImportFileError.self) { try EventsFileSource(path: path) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.description.hasPrefix("\(path): ") == true)
        #expect(error?.description.contains(".jsonl") == true)
    }

    @Test func csvWithoutAtColumn() throws {
        let error = #expect(throws: ImportFileError.self) {
            try EventsFileSource(path: Fixture.path("events_missing_at_column.csv"))
        }
        #expect(error?.code == .missingColumn)
        #expect(error?.message == "the header has no 'at' column")
    }

    @Test func missingEventsFile() throws {
        let error = #expect(throws: ImportFileError.self) {
            try EventsFileSource(path: Fixture.path("nope.jsonl"))
        }
        #expect(error?.code == .missing)
    }

    @Test func jsonLinesOverManyChunksAndNonStringEmail() throws {
        var text = ""
        for index in 0..<5000 {
            text += #"{"email":"c\#(index)@example.com","type":"page_viewed","at":"2026-01-01T00:00:00Z","page":"/p/\#(index)"}"#
            text += index % 2 == 0 ? "\r\n" : "\n"
        }
        text += #"{"email":7,"type":"page_viewed","at":"2026-01-01T00:00:00Z"}"#
        let path = try Fixture.temporaryFile(text, extension: "jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try readAll(EventsFileSource(path: path))
        #expect(rows.count == 5001)
        #expect(rows.map(\.line) == Array(1...5001))
        #expect(rows[4999].record?.event.properties == ["page": "/p/4999"])
        #expect(rows[5000].rejection?.reason.hasPrefix("email") == true)
    }

    /// A line of strings only is read as such; with a null member added (nulls are no value) it takes the
    /// general way. Both give the same record, escapes, duplicate names and odd spacing included.
    @Test func aLineOfStringsReadsAsTheGeneralWayReadsIt() throws {
        let lines = [
            #"{"email":"ann@example.com","type":"page_viewed","at":"2026-03-01T09:30:00Z","page":"\/pricing"}"#,
            #"{ "email" : "ann@example.com" , "type":"FORM_SUBMITTED","at":"2026-03-01T10:30:00+01:00","msg":"caf\u00e9 \ud83d\ude00 \"q\" \\ \n"}"#,
            #"{"email":"bob@example.com","type":"page_viewed","at":"2026-03-01T09:30:00Z","page":"a","page":"b"}"#,
            #"{"email":"bob@example.com","type":"content_downloaded","at":"2026-03-01T09:30:00Z","content":"ebook","utm":"  x  ","":"nameless"}"#,
            #"{"email":"bob@example.com","type":"page_viewed","at":"2026-03-01T09:30:00Z","bad":"a\u0000b"}"#,
            #"{"email":"bob@example.com","type":"page_viewed","at":"2026-03-01T09:30:00Z","é":"\u2028"}"#,
        ]
        let plain = try Fixture.temporaryFile(lines.joined(separator: "\n"), extension: "jsonl")
        let general = try Fixture.temporaryFile(
            lines.map { String($0.dropLast()) + #","zzz":null}"# }.joined(separator: "\n"), extension: "jsonl")
        defer {
            try? FileManager.default.removeItem(atPath: plain)
            try? FileManager.default.removeItem(atPath: general)
        }
        let fast = try readAll(EventsFileSource(path: plain))
        let slow = try readAll(EventsFileSource(path: general))
        #expect(fast.count == lines.count)
        #expect(fast.map(\.line) == slow.map(\.line))
        #expect(fast.map(\.record) == slow.map(\.record))
        #expect(fast.map(\.rejection) == slow.map(\.rejection))
        #expect(fast[4].rejection != nil)
    }

    /// Of several properties with control characters, the refusal names the first in name order.
    @Test func theFirstRefusedPropertyInNameOrderIsNamed() throws {
        let csv = "email,type,at,zeta,alpha,mid\nann@example.com,page_viewed,2026-03-01T09:30:00Z,z\u{1}z,a\u{2}a,fine\n"
        let path = try Fixture.temporaryFile(csv, extension: "csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try readAll(EventsFileSource(path: path))
        #expect(rows.first?.rejection?.reason == "alpha contains a control character: 'a\\u{2}a'")
    }
}

