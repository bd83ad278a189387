import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

/// Contacts imported in batches (`StoredContactBatch`) end as they would row by row: the same counts and the
/// same stored rows, with addresses repeated in other cases within a batch, across batches and against
/// contacts stored before.
struct StoredContactBatchTests {
    static func records() -> [ContactRecord] {
        var records: [ContactRecord] = []
        for index in 0..<(2 * StoredContactBatch.size + 100) {
            let person = index % 700
            // The same person again, shouted, a few rows later, and once more a batch later.
            let local = index % 3 == 0 ? "Person\(person)" : "person\(person)"
            let domain = index % 5 == 0 ? "EXAMPLE.com" : "example.com"
            var record = ContactRecord(email: email("\(local)@\(domain)"))
            if index % 2 == 0 { record.firstName = "First \(index % 4)" }
            if index % 7 == 0 { record.customFields = ["seen": "\(index % 3)", "tier": index % 2 == 0 ? "a" : "b"] }
            if index % 11 == 0 { record.interests = ["topic-\(index % 5)"] }
            records.append(record)
        }
        return records
    }

    static func storedRows(_ store: SQLiteStore) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT id || '|' || email || '|' || IFNULL(first_name, '-') || '|' || interests || '|' || custom_fields
                FROM contact ORDER BY id
                """)
        }
    }

    @Test func batchesEndAsRowByRowDoes() throws {
        let batched = try TestStore(.memory)
        let oneByOne = try TestStore(.memory)
        // Some contacts are there before.
        let earlier = (0..<50).map { ContactRecord(email: email("PERSON\($0 * 13)@example.com"), lastName: "Early") }
        _ = try batched.store.importContacts(contactRows(earlier))
        _ = try oneByOne.store.importContacts(contactRows(earlier))

        let records = Self.records()
        let report = try batched.store.importContacts(contactRows(records))
        var expected = ImportReport()
        for record in records {
            let single = try oneByOne.store.importContacts(contactRows([record]))
            expected.imported += single.imported
            expected.updated += single.updated
            expected.unchanged += single.unchanged
        }
        #expect(report == expected)
        #expect(report.updated > 0 && report.unchanged > 0 && report.imported > 0)
        #expect(try Self.storedRows(batched.store) == Self.storedRows(oneByOne.store))

        let again = try batched.store.importContacts(contactRows(records))
        #expect(again.imported == 0)
    }

    @Test func keysFoldASCIILettersOnly() {
        #expect(StoredContactBatch.key("Ann@Example.COM") == "ann@example.com")
        #expect(StoredContactBatch.key("ann@example.com") == "ann@example.com")
        #expect(StoredContactBatch.key("ÉLODIE@exemple.fr") == "Élodie@exemple.fr")
    }
}
