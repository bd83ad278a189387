import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

struct SQLiteStoreImportTests {
    static let ann = ContactRecord(
        email: email("Ann@Example.COM"), firstName: "Ann", lastName: "Lee", company: "Acme", jobTitle: "CTO",
        stage: .lead, interests: ["Data Engineering", "cloud"], timeZone: "Europe/Paris", score: 42,
        customFields: ["plan": "pro", "color": "blue"])
    static let bob = ContactRecord(email: email("bob@example.com"), firstName: "Bob")
    static let carol = ContactRecord(email: email("carol@example.com"), stage: .mql)

    @Test(arguments: StoreKind.allCases)
    func importsContactsAndReimportChangesNothing(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let rejection = RowRejection(line: 9, reason: "email is empty")
        var rows = contactRows([Self.ann, Self.bob, Self.carol])
        rows.rows.append(ImportRow(line: 9, rejection: "email is empty"))

        let first = try test.store.importContacts(rows)
        #expect(first == ImportReport(imported: 3, updated: 0, unchanged: 0, rejected: [rejection]))
        #expect(try test.store.contactCount() == 3)

        let second = try test.store.importContacts(rows)
        #expect(second == ImportReport(imported: 0, updated: 0, unchanged: 3, rejected: [rejection]))
        #expect(try test.store.contactCount() == 3)

        let ann = try #require(try test.store.contact(email: email("ann@example.com")))
        #expect(ann.id != nil)
        #expect(ann.email.value == "Ann@example.com")
        #expect(ann.firstName == "Ann")
        #expect(ann.lastName == "Lee")
        #expect(ann.company == "Acme")
        #expect(ann.jobTitle == "CTO")
        #expect(ann.stage == .lead)
        #expect(ann.interests == ["data-engineering", "cloud"])
        #expect(ann.timeZone == "Europe/Paris")
        #expect(ann.score == 42)
        #expect(ann.customFields == ["plan": "pro", "color": "blue"])
        #expect(try test.store.contact(email: email("nobody@example.com")) == nil)
    }

    @Test func addressesDifferingOnlyInCaseAreOneContact() throws {
        let test = try TestStore(.memory)
        let shouted = ContactRecord(email: email("ANN@EXAMPLE.COM"), score: 50)
        let report = try test.store.importContacts(contactRows([Self.ann, shouted]))
        #expect(report == ImportReport(imported: 1, updated: 1, unchanged: 0))
        #expect(try test.store.contactCount() == 1)
        let ann = try #require(try test.store.contact(email: email("aNN@example.com")))
        #expect(ann.email.value == "Ann@example.com")
        #expect(ann.score == 50)
    }

    @Test(arguments: StoreKind.allCases)
    func partialReimportKeepsOtherFieldsAndMergesCustomFields(kind: StoreKind) throws {
        let test = try TestStore(kind, now: TestTime.at("2026-03-01T12:00:00Z"))
        defer { test.close() }
        _ = try test.store.importContacts(contactRows([Self.ann, Self.bob]))

        // A later import, by a store with a later clock on the same database.
        let later = try SQLiteStore(writer: test.store.writer, path: test.store.path, now: { TestTime.at("2026-03-05T08:00:00Z") })
        let narrow = ContactRecord(email: email("ann@example.com"), company: "Acme Corp", customFields: ["plan": "enterprise", "seats": "40"])
        let report = try later.importContacts(contactRows([narrow, Self.bob]))
        #expect(report == ImportReport(imported: 0, updated: 1, unchanged: 1))

        let ann = try #require(try later.contact(email: email("ann@example.com")))
        #expect(ann.company == "Acme Corp")
        #expect(ann.firstName == "Ann")
        #expect(ann.stage == .lead)
        #expect(ann.interests == ["data-engineering", "cloud"])
        #expect(ann.score == 42)
        #expect(ann.customFields == ["plan": "enterprise", "color": "blue", "seats": "40"])

        let stamps = try later.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT email, created_at, updated_at FROM contact ORDER BY id")
        }
        let created = StoredDate.milliseconds(TestTime.at("2026-03-01T12:00:00Z"))
        let updated = StoredDate.milliseconds(TestTime.at("2026-03-05T08:00:00Z"))
        #expect(stamps.map { $0["created_at"] as Int64 } == [created, created])
        #expect(stamps.map { $0["updated_at"] as Int64 } == [updated, created])  // Bob was unchanged
    }

    @Test(arguments: StoreKind.allCases)
    func sameAddressTwiceInOneFileUpdates(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let again = ContactRecord(email: email("bob@example.com"), lastName: "Stone")
        let report = try test.store.importContacts(contactRows([Self.bob, again]))
        #expect(report == ImportReport(imported: 1, updated: 1, unchanged: 0))
        let bob = try #require(try test.store.contact(email: email("bob@example.com")))
        #expect(bob.firstName == "Bob")
        #expect(bob.lastName == "Stone")
    }

    @Test(arguments: StoreKind.allCases)
    func throwingSourceRollsEverythingBack(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        _ = try test.store.importContacts(contactRows([Self.ann]))
        var rows = contactRows([Self.bob, Self.carol, ContactRecord(email: email("ann@example.com"), firstName: "Changed")])
        rows.error = SourceBroke()
        #expect(throws: SourceBroke.self) { try test.store.importContacts(rows) }
        #expect(try test.store.contactCount() == 1)
        #expect(try test.store.contact(email: email("ann@example.com"))?.firstName == "Ann")

        let events = ArraySource(
            [ImportRow(line: 2, record: EventRecord(
                email: email("ann@example.com"), event: ContactEvent(type: .purchased, at: TestTime.at("2026-03-01T10:00:00Z"))))],
            thenThrow: SourceBroke())
        #expect(throws: SourceBroke.self) { try test.store.importEvents(events) }
        let eventCount = try test.store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") }
        #expect(eventCount == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func eventsImportOnceAndNeedAContact(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        _ = try test.store.importContacts(contactRows([Self.ann]))
        let at = TestTime.at("2026-03-01T09:30:00Z")
        let records = [
            EventRecord(email: email("ann@example.com"), event: ContactEvent(
                type: .contentDownloaded, at: at, content: "ebook-data", properties: ["utm_source": "newsletter"])),
            // Same type and time, other content: a different event.
            EventRecord(email: email("ANN@example.com"), event: ContactEvent(type: .contentDownloaded, at: at, content: "ebook-cloud")),
            // Same type and time, no content.
            EventRecord(email: email("ann@example.com"), event: ContactEvent(type: .contentDownloaded, at: at)),
            EventRecord(email: email("ann@example.com"), event: ContactEvent(
                type: .pageViewed, at: Date(timeIntervalSince1970: 1_772_442_000.25), properties: ["page": "/pricing"])),
            EventRecord(email: email("zed@example.com"), event: ContactEvent(type: .pageViewed, at: at)),
        ]
        let first = try test.store.importEvents(eventRows(records))
        #expect(first.imported == 4)
        #expect(first.unchanged == 0)
        #expect(first.rejected == [RowRejection(line: 6, reason: "no contact with email zed@example.com; import contacts first")])

        let second = try test.store.importEvents(eventRows(records))
        #expect(second.imported == 0)
        #expect(second.unchanged == 4)
        #expect(second.rejected.count == 1)

        let count = try test.store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") }
        #expect(count == 4)
    }

    /// An unsubscribe (or bounce, or complaint) for an address that is not a contact yet still counts: the
    /// address is suppressed, so importing the contact later does not make it mailable.
    @Test(arguments: StoreKind.allCases)
    func suppressingEventsSuppressEvenWithoutAContact(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let at = TestTime.at("2026-03-01T09:30:00Z")
        let report = try test.store.importEvents(eventRows([
            EventRecord(email: email("Zed@Example.com"), event: ContactEvent(type: .unsubscribed, at: at)),
            EventRecord(email: email("yan@example.com"), event: ContactEvent(type: .pageViewed, at: at)),
        ]))
        #expect(report.imported == 1)
        #expect(report.rejected.map(\.line) == [3])  // ArraySource numbers rows from line 2, after a header
        let again = try test.store.importEvents(eventRows([
            EventRecord(email: email("zed@example.com"), event: ContactEvent(type: .unsubscribed, at: at)),
        ]))
        #expect(again.imported == 0 && again.unchanged == 1)

        _ = try test.store.importContacts(contactRows([ContactRecord(email: email("zed@example.com"), firstName: "Zed")]))
        let history = try #require(try test.store.historyPage(campaign: "c", only: email("zed@example.com"), after: nil, limit: 1).first)
        #expect(history.suppressed)
    }
}
