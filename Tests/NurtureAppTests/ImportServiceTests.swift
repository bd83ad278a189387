import Foundation
import NurtureApp
import NurtureCore
import NurtureStore
import Testing

/// `ImportService` on a real SQLite file: reports, upserts, rejections and whole-file errors.
struct ImportServiceTests {
    @Test func importsTheExamplesAndAReimportChangesNothing() throws {
        let fixture = try AppFixture()
        let store = try fixture.store()
        let service = ImportService(store: store, addressPolicy: .reservedDomainsAllowed)

        let contacts = try service.importContacts(path: AppFixture.contactsCSV)
        #expect(contacts == ImportReport(imported: 51))
        #expect(try store.contactCount() == 51)
        let events = try service.importEvents(path: AppFixture.eventsCSV)
        #expect(events.imported == 86 && events.rejected.isEmpty)

        let histories = try fixture.histories(store)
        #expect(try service.importContacts(path: AppFixture.contactsCSV) == ImportReport(unchanged: 51))
        #expect(try service.importEvents(path: AppFixture.eventsCSV) == ImportReport(unchanged: 86))
        // A second connection on the same file sees the same, unchanged, data.
        #expect(try fixture.histories(try fixture.store()) == histories)
        #expect(histories.map(\.events.count).reduce(0, +) == 86)
    }

    @Test func aChangedRowUpdatesAndAnEmptyCellKeepsTheStoredValue() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let email = AppFixture.address("dana.whitfield@acme-robotics.example")
        let before = try #require(try store.contact(email: email))
        let file = try fixture.write("update.csv", "email,first_name,company,stage\nDANA.Whitfield@acme-robotics.example,Danielle,,mql\n")

        let report = try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importContacts(path: file)
        #expect(report == ImportReport(updated: 1))
        let after = try #require(try store.contact(email: email))
        #expect(after.firstName == "Danielle")
        #expect(after.stage == .mql)
        #expect(after.company == before.company, "an empty cell leaves the stored value as it is")
        #expect(after.id == before.id)
        #expect(try store.contactCount() == 51, "addresses match without regard to case")
    }

    @Test func rejectedRowsCarryTheirLinesAndTheRestImports() throws {
        let fixture = try AppFixture()
        let store = try fixture.store()
        let file = try fixture.write("people.csv", """
            email,first_name,timezone
            ok@acme.example,Ok,Europe/Paris
            @acme.example,NoLocal,Europe/Paris
            tz@acme.example,Tz,Not/AZone

            """)
        let report = try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importContacts(path: file)
        // An unknown zone is a warning: the contact is imported (its events must not be refused).
        #expect(report.imported == 2)
        #expect(report.rejected.map(\.line) == [3])
        #expect(report.warnings.map(\.line) == [4])
        #expect(try store.contactCount() == 2)
        let lines = ImportService.rejections(report, file: "people.csv")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("people.csv:3: ") == true)
        #expect(lines.last?.hasPrefix("people.csv:4: warning: unknown time zone 'Not/AZone'") == true)
        #expect(ImportService.summary(report, file: "people.csv") == "people.csv: 2 imported, 0 updated, 0 unchanged, 1 rejected")
    }

    @Test func aWholeFileProblemThrowsAndImportsNothing() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let before = try fixture.histories(store)
        let noEmail = try fixture.write("no-email.csv", "first_name,company\nAnn,Acme\n")
        #expect(throws: (any Error).self) { try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importContacts(path: noEmail) }
        #expect(throws: (any Error).self) { try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importContacts(path: fixture.path("missing.csv")) }
        #expect(throws: (any Error).self) { try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importEvents(path: fixture.path("missing.jsonl")) }
        #expect(try fixture.histories(store) == before)
    }

    @Test func eventsForUnknownContactsAreRejected() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let file = try fixture.write("events.jsonl", """
            {"email":"ghost@nowhere.example","type":"content_downloaded","at":"2026-11-22T10:00:00Z","content":"ebook-dashboard-design"}
            {"email":"olivia.bennett@brightwave.example","type":"content_downloaded","at":"2026-11-22T16:00:00+01:00","content":"ebook-dashboard-design"}

            """)
        let report = try ImportService(store: store, addressPolicy: .reservedDomainsAllowed).importEvents(path: file)
        #expect(report.imported == 1)
        #expect(report.rejected.map(\.line) == [1])
        #expect(report.rejected.first?.reason.contains("ghost@nowhere.example") == true)
        let olivia = try #require(try fixture.histories(store).first { $0.contact.email.value == "olivia.bennett@brightwave.example" })
        #expect(olivia.events.contains { $0.type == .contentDownloaded && $0.at == ISO8601DateFormatter().date(from: "2026-11-22T15:00:00Z") })
    }
}
