import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

struct SQLiteStoreHistoryTests {
    /// 25 contacts, c0 … c24; contact i has i % 3 page views; c1 is suppressed; c2 has two ledger
    /// rows for "welcome" and one for another campaign.
    static func populate(_ store: SQLiteStore) throws {
        let contacts = (0..<25).map { ContactRecord(email: email("c\($0)@example.com"), firstName: "C\($0)") }
        _ = try store.importContacts(contactRows(contacts))
        var events: [EventRecord] = []
        for index in 0..<25 {
            for view in 0..<(index % 3) {
                events.append(EventRecord(email: email("c\(index)@example.com"), event: ContactEvent(
                    type: .pageViewed, at: Date(timeIntervalSince1970: 1_772_000_000 + Double(view) * 60),
                    properties: ["page": "/p\(view)"])))
            }
        }
        _ = try store.importEvents(eventRows(events))
        try store.writer.write { db in
            let c2 = try Int64.fetchOne(db, sql: "SELECT id FROM contact WHERE email = 'c2@example.com'")
            try db.execute(sql: """
                INSERT INTO message (contact_id, campaign, step, content_key, content, state, created_at, updated_at, sent_at)
                VALUES (?, 'welcome', 'thank_you', 'ebook-data', 'ebook-data', 'sent', 1000, 2000, 1500),
                       (?, 'welcome', 'related', '', NULL, 'pending', 3000, 4000, NULL),
                       (?, 'other', 'thank_you', '', NULL, 'sent', 1000, 2000, 1500)
                """, arguments: [c2, c2, c2])
            try db.execute(sql: "INSERT INTO suppression (email, cause, reason, at) VALUES ('c1@example.com', 'unsubscribed', 'unsubscribed', 0)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func batchesCoverEveryContactOnceInIdOrder(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        try Self.populate(test.store)

        var batchSizes: [Int] = []
        var histories: [ContactHistory] = []
        try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 10) { batch in
            batchSizes.append(batch.count)
            histories += batch
        }
        #expect(batchSizes == [10, 10, 5])
        #expect(histories.map(\.contact.email.value) == (0..<25).map { "c\($0)@example.com" })
        let ids = histories.compactMap(\.contact.id)
        #expect(ids == ids.sorted() && Set(ids).count == 25)
        for (index, history) in histories.enumerated() {
            #expect(history.events.count == index % 3)
            #expect(history.events.allSatisfy { $0.type == .pageViewed })
            #expect(history.suppressed == (index == 1))
            #expect(history.contact.firstName == "C\(index)")
        }
        #expect(histories[2].events.map(\.properties) == [["page": "/p0"], ["page": "/p1"]])
        #expect(histories[2].events.first?.at == Date(timeIntervalSince1970: 1_772_000_000))

        #expect(histories[2].sent == [
            SentMessage(step: "thank_you", contentKey: "ebook-data", content: "ebook-data", at: StoredDate.date(1500), state: .sent, campaign: "welcome"),
            SentMessage(step: "related", contentKey: "", content: nil, at: StoredDate.date(4000), state: .pending, campaign: "welcome"),
        ])
        #expect(histories.enumerated().allSatisfy { $0.offset == 2 || $0.element.sent.isEmpty })
    }

    @Test(arguments: [1, 5, 25, 100])
    func everyBatchSizeCoversAll(batchSize: Int) throws {
        let test = try TestStore(.memory)
        try Self.populate(test.store)
        var seen: [String] = []
        var calls = 0
        try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: batchSize) { batch in
            calls += 1
            #expect(batch.count <= batchSize)
            seen += batch.map(\.contact.email.value)
        }
        #expect(seen == (0..<25).map { "c\($0)@example.com" })
        let expectedCalls = (25 + batchSize - 1) / batchSize
        #expect(calls == expectedCalls)
    }

    @Test(arguments: StoreKind.allCases)
    func onlyOneContact(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        try Self.populate(test.store)
        var histories: [ContactHistory] = []
        try test.store.forEachHistoryBatch(campaign: "other", only: email("c2@EXAMPLE.com"), batchSize: 10) { histories += $0 }
        #expect(histories.map(\.contact.email.value) == ["c2@example.com"])
        #expect(histories.first?.events.count == 2)
        #expect(histories.first?.sent.map(\.step) == ["thank_you"])

        var none: [ContactHistory] = []
        try test.store.forEachHistoryBatch(campaign: "welcome", only: email("nobody@example.com"), batchSize: 10) { none += $0 }
        #expect(none.isEmpty)
    }

    @Test func emptyStoreCallsNothing() throws {
        let test = try TestStore(.memory)
        var calls = 0
        try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 10) { _ in calls += 1 }
        #expect(calls == 0)
    }

    @Test func bodyMayWriteToTheStore() throws {
        let test = try TestStore(.memory)
        try Self.populate(test.store)
        var total = 0
        try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 7) { batch in
            total += batch.count
            _ = try test.store.importContacts(contactRows([ContactRecord(email: email("c0@example.com"), score: total)]))
        }
        #expect(total == 25)
        #expect(try test.store.contact(email: email("c0@example.com"))?.score == 25)
    }

    /// The JSON columns come back exactly as imported, in order (interests) and with every character
    /// contact data may hold.
    @Test(arguments: StoreKind.allCases)
    func jsonColumnsComeBackAsImported(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let hostile = "quote \" back\\slash /a/ tab\t line\nbreak \u{1}\u{1f} Zoë 中文 👩🏽‍💻 \u{2028} e\u{301} {\"x\":[1]}"
        let interests = ["zeta", "alpha", hostile, "", "alpha"]
        let custom = ["plan": "pro", hostile: hostile, "": "empty key", "n": "5"]
        _ = try test.store.importContacts(contactRows([
            ContactRecord(email: email("a@example.com"), interests: interests, customFields: custom),
            ContactRecord(email: email("b@example.com")),
        ]))
        _ = try test.store.importEvents(eventRows([
            EventRecord(email: email("a@example.com"), event: ContactEvent(
                type: .formSubmitted, at: Date(timeIntervalSince1970: 1_772_000_000), content: "demo", properties: custom)),
            EventRecord(email: email("a@example.com"), event: ContactEvent(
                type: .pageViewed, at: Date(timeIntervalSince1970: 1_772_000_060))),
            EventRecord(email: email("a@example.com"), event: ContactEvent(
                type: .pageViewed, at: Date(timeIntervalSince1970: 1_772_000_120), properties: ["page": hostile])),
        ]))
        var histories: [ContactHistory] = []
        try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 10) { histories += $0 }
        #expect(histories.count == 2)
        // Interests are normalized on import: compare with the stored column decoded by JSONDecoder.
        let column = try test.store.writer.read { db in try String.fetchOne(db, sql: "SELECT interests FROM contact WHERE email = 'a@example.com'") }
        let stored = try JSONDecoder().decode([String].self, from: Data(try #require(column).utf8))
        #expect(stored.count == 3 && stored.contains { $0.contains("中文") })
        #expect(histories[0].contact.interests == stored)
        #expect(histories[0].contact.customFields == custom)
        #expect(histories[0].events.map(\.properties) == [custom, [:], ["page": hostile]])
        #expect(histories[0].events.map(\.content) == ["demo", nil, nil])
        #expect(histories[1].contact.interests.isEmpty && histories[1].contact.customFields.isEmpty)
        #expect(histories[1].events.isEmpty)
    }

    /// A JSON column that does not hold what nurture writes (a hand edit, another program) is named in
    /// one error, never read as empty.
    @Test(arguments: [
        ("UPDATE contact SET custom_fields = '{\"plan\": 5}'", "contact.custom_fields"),
        ("UPDATE contact SET custom_fields = '{broken'", "contact.custom_fields"),
        ("UPDATE contact SET custom_fields = '[\"a\"]'", "contact.custom_fields"),
        ("UPDATE contact SET interests = '{\"a\": \"b\"}'", "contact.interests"),
        ("UPDATE contact SET interests = '[\"a\", null]'", "contact.interests"),
        ("UPDATE contact SET interests = 'not json'", "contact.interests"),
        ("UPDATE event SET properties = '{\"page\": [1]}'", "event.properties"),
        ("UPDATE event SET properties = '{\"page\": '", "event.properties"),
        ("UPDATE event SET properties = '\"page\"'", "event.properties"),
        ("UPDATE event SET properties = '[\"page\"]'", "event.properties"),
        ("UPDATE contact SET custom_fields = '\"plan\"'", "contact.custom_fields"),
        ("UPDATE contact SET interests = '\"a\"'", "contact.interests"),
    ])
    func invalidJSONIsACorruptStore(sql: String, column: String) throws {
        let test = try TestStore(.file)
        defer { test.close() }
        try Self.populate(test.store)
        try test.store.writer.write { db in try db.execute(sql: sql) }
        do {
            try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 10) { _ in }
            Issue.record("no error for \(sql)")
        } catch let error as StoreError {
            #expect(error.code == .corruptData)
            #expect("\(error)".contains("column \(column) holds invalid JSON"), "\(error)")
        }
    }
}

