import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

/// The custom field names that templates are checked against come from `contact_field`, which every write of
/// contacts keeps: no run reads every contact to find them.
struct SQLiteStoreContactFieldTests {
    @Test(arguments: StoreKind.allCases)
    func importsAddTheNamesOfTheFieldsTheyWrite(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        #expect(try test.store.customFieldNames() == [])
        _ = try test.store.importContacts(contactRows([
            ContactRecord(email: email("ann@example.com"), customFields: ["plan": "pro", "color": "blue"]),
            ContactRecord(email: email("bob@example.com"), customFields: ["plan": "free"]),
            ContactRecord(email: email("carol@example.com")),
        ]))
        #expect(try test.store.customFieldNames() == ["plan", "color"])
        // An update that adds a field to a stored contact adds its name; the merged fields keep the others.
        _ = try test.store.importContacts(contactRows([ContactRecord(email: email("bob@example.com"), customFields: ["region": "EMEA"])]))
        #expect(try test.store.customFieldNames() == ["plan", "color", "region"])
        #expect(try test.store.contact(email: email("bob@example.com"))?.customFields == ["plan": "free", "region": "EMEA"])
    }

    @Test func aFailedImportAddsNoName() throws {
        let test = try TestStore(.memory)
        struct Unreadable: Error {}
        let rows = ArraySource([ImportRow(line: 1, record: ContactRecord(email: email("ann@example.com"), customFields: ["plan": "pro"]))],
                               thenThrow: Unreadable())
        #expect(throws: Unreadable.self) { try test.store.importContacts(rows) }
        #expect(try test.store.contactCount() == 0)
        #expect(try test.store.customFieldNames() == [])
    }

    @Test func intakeAddsTheNamesOfThePostedFields() throws {
        let test = try TestStore(.memory)
        _ = try test.store.intake(
            contacts: [ContactRecord(email: email("dan@example.com"), customFields: ["webinar_seat": "B12"])],
            events: [], newContactsOnly: false, idempotencyKey: nil)
        #expect(try test.store.customFieldNames() == ["webinar_seat"])
    }

    /// A store made before the table existed gets the names its contacts already have.
    @Test func anOlderStoreGetsTheNamesItsContactsHave() throws {
        let older = try TestStore.older(upTo: "v5-intake", sql: """
            INSERT INTO contact (email, custom_fields, created_at, updated_at) VALUES
                ('a@example.com', '{"industry":"media","country":"FR"}', 0, 0),
                ('b@example.com', '{}', 0, 0),
                ('c@example.com', '{"country":"DE","size":"51-200"}', 0, 0)
            """)
        defer { older.close() }
        let store = older.store
        #expect(try store.customFieldNames() == ["industry", "country", "size"])
    }
}
