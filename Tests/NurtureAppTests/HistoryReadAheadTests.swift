import Foundation
import GRDB
@testable import NurtureApp
import NurtureCore
import Testing

/// The read-ahead over a real store: every page in order, and a store error that stays an error.
struct HistoryReadAheadTests {
    @Test func pagesComeInOrderThenNilForGood() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        let pages = HistoryReadAhead(store: store, campaign: "lead-nurture", only: nil, pageSize: 10, depth: 2)
        defer { pages.stop() }
        var ids: [Int64] = []
        while let page = try pages.next() { ids += page.compactMap(\.contact.id) }
        #expect(ids.count == 51 && ids == ids.sorted())
        #expect(try pages.next() == nil)
    }

    /// A listing cut short by the store's error never looks complete: every later call throws it again.
    @Test func aStoreErrorIsThrownAgainOnEveryLaterCall() throws {
        let fixture = try AppFixture()
        let store = try fixture.seeded()
        try DatabaseQueue(path: fixture.dbPath).write { db in
            try db.execute(sql: "UPDATE contact SET custom_fields = 'not json' WHERE id = (SELECT id FROM contact ORDER BY id LIMIT 1 OFFSET 25)")
        }
        let pages = HistoryReadAhead(store: store, campaign: "lead-nurture", only: nil, pageSize: 10, depth: 2)
        defer { pages.stop() }
        #expect(try pages.next()?.count == 10)
        #expect(try pages.next()?.count == 10)
        #expect(throws: (any Error).self) { try pages.next() }
        #expect(throws: (any Error).self) { try pages.next() }
    }
}
