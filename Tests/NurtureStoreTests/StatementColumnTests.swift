import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

/// The columns a plan decodes from the statement's bytes (`StoredEventType`, `StoredStrings`) read what the
/// string-based reading read (`EventType(rawValue:)`, `StoredJSON.decode` of the column as a `String`): the
/// same values, the same errors, whatever the column holds.
struct StatementColumnTests {
    /// One contact with one event whose columns are then set by hand.
    private static func store(properties sql: String? = nil, interests: String? = nil, customFields: String? = nil, type: String? = nil) throws -> TestStore {
        let test = try TestStore(.file)
        _ = try test.store.importContacts(contactRows([ContactRecord(email: email("a@example.com"), interests: ["x"], customFields: ["k": "v"])]))
        _ = try test.store.importEvents(eventRows([EventRecord(email: email("a@example.com"), event: ContactEvent(
            type: .pageViewed, at: Date(timeIntervalSince1970: 1_772_000_000), properties: ["page": "pricing"]))]))
        try test.store.writer.write { db in
            if let sql { try db.execute(sql: "UPDATE event SET properties = \(sql)") }
            if let interests { try db.execute(sql: "UPDATE contact SET interests = \(interests)") }
            if let customFields { try db.execute(sql: "UPDATE contact SET custom_fields = \(customFields)") }
            if let type { try db.execute(sql: "UPDATE event SET type = ?", arguments: [type]) }
        }
        return test
    }

    private static func histories(_ test: TestStore) throws -> [ContactHistory] {
        var histories: [ContactHistory] = []
        try test.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 10) { histories += $0 }
        return histories
    }

    /// What reading the column as a string, then `StoredJSON`, gives: the values, or nil for an error.
    private static func readAsString(_ test: TestStore, _ sql: String, column: String) throws -> [String: String]? {
        let text = try test.store.writer.read { db in try String.fetchOne(db, sql: sql) }
        return try? StoredJSON.decode([String: String].self, from: text, column: column, path: "") ?? [:]
    }

    /// Objects the byte reader reads, and objects it leaves to the decoder (white space it reads too; text
    /// that is not valid UTF-8, which SQLite hands over as it is stored; a name given twice; an empty column).
    @Test(arguments: [
        #"'{}'"#, #"' { "page" : "x" , "n" : "\u00e9\n" } '"#, #"'{"a":"b","a":"c"}'"#, "''",
        "CAST(X'7B2261223A22C328227D' AS TEXT)", "CAST(X'7B22FF223A2262227D' AS TEXT)", "CAST(X'7B2261223A2262227D00' AS TEXT)",
        #"'{"page": 5}'"#, #"'[]'"#,
    ])
    func propertiesReadAsTheStringDid(sql: String) throws {
        let test = try Self.store(properties: sql)
        defer { test.close() }
        let expected = try Self.readAsString(test, "SELECT properties FROM event", column: "event.properties")
        let read = try? Self.histories(test)
        #expect(read?.first?.events.first?.properties == expected)
        #expect((read == nil) == (expected == nil))
    }

    @Test(arguments: [#"'{"k":"v"}'"#, #"' {"k" : "v"} '"#, "CAST(X'7B226B223A22C328227D' AS TEXT)", "''", #"'{"k":"v","k":"w"}'"#])
    func customFieldsReadAsTheStringDid(sql: String) throws {
        let test = try Self.store(customFields: sql)
        defer { test.close() }
        let expected = try Self.readAsString(test, "SELECT custom_fields FROM contact", column: "contact.custom_fields")
        let read = try? Self.histories(test)
        #expect(read?.first?.contact.customFields == expected)
        #expect((read == nil) == (expected == nil))
    }

    @Test(arguments: [#"'["x","y"]'"#, #"' [ "x" ] '"#, "''", "CAST(X'5B22C328225D' AS TEXT)", #"'["x", 1]'"#])
    func interestsReadAsTheStringDid(sql: String) throws {
        let test = try Self.store(interests: sql)
        defer { test.close() }
        let text = try test.store.writer.read { db in try String.fetchOne(db, sql: "SELECT interests FROM contact") }
        let expected = (try? StoredJSON.decode([String].self, from: text, column: "contact.interests", path: "") ?? []).map(Topic.normalizeList)
        let read = try? Self.histories(test)
        #expect(read?.first?.contact.interests == expected)
        #expect((read == nil) == (expected == nil))
    }

    /// A type no `EventType` has is a corrupt store, named as before.
    @Test(arguments: ["lead_magnet", "Page_Viewed", "page_viewed ", "", "\u{0}page_viewed", "pagé_viewed"])
    func anUnknownTypeIsACorruptStore(type: String) throws {
        let test = try Self.store(type: type)
        defer { test.close() }
        do {
            _ = try Self.histories(test)
            Issue.record("no error for \(type.debugDescription)")
        } catch let error as StoreError {
            #expect(error.code == .corruptData)
            #expect("\(error)".contains("an event has an unknown type"), "\(error)")
        }
    }

    /// A type read up to a NUL names a type, as GRDB reads text.
    @Test func aTypeIsReadUpToANul() throws {
        let test = try Self.store(type: "form_submitted\u{0}x")
        defer { test.close() }
        #expect(try Self.histories(test).first?.events.map(\.type) == [.formSubmitted])
    }

    /// Events come back oldest first, events of one moment in the order they were stored, whatever order the
    /// rows are in.
    @Test func eventsComeBackInTimeThenStoredOrder() throws {
        let test = try TestStore(.file)
        defer { test.close() }
        _ = try test.store.importContacts(contactRows([ContactRecord(email: email("a@example.com")), ContactRecord(email: email("b@example.com"))]))
        let times: [(String, TimeInterval, String)] = [
            ("b@example.com", 30, "b3"), ("a@example.com", 20, "a2"), ("a@example.com", 10, "a1"), ("b@example.com", 10, "b1"),
            ("a@example.com", 20, "a2b"), ("a@example.com", 5, "a0"),
        ]
        _ = try test.store.importEvents(eventRows(times.map { address, at, page in
            EventRecord(email: email(address), event: ContactEvent(type: page == "a2b" ? .formSubmitted : .pageViewed, at: Date(timeIntervalSince1970: 1_772_000_000 + at), properties: ["page": page]))
        }))
        let histories = try Self.histories(test)
        #expect(histories.map { $0.events.map { $0.properties["page"] ?? "" } } == [["a0", "a1", "a2", "a2b"], ["b1", "b3"]])
    }
}
