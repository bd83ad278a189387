import Foundation
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

private typealias F = LedgerFixture

struct SQLiteStoreSuppressionTests {
    static func unsubscribe(_ address: String, from campaign: String?, minutes: Double = 0, detail: String = "test") -> Suppression {
        Suppression(email: email(address), campaign: campaign, cause: .unsubscribed, detail: detail, at: F.at(minutes: minutes))
    }

    @Test(arguments: StoreKind.allCases)
    func aCampaignUnsubscribeReachesEveryHistoryReadAndEverythingSetsSuppressed(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        #expect(try f.store.suppress(Self.unsubscribe("ann@example.com", from: "welcome", minutes: 5)))
        #expect(try f.store.suppress(Self.unsubscribe("bob@example.com", from: nil, minutes: 6)))

        // Read for another campaign, the history still carries the welcome unsubscribe: one history is planned for several.
        var batch: [ContactHistory] = []
        try f.store.forEachHistoryBatch(campaign: "other", only: nil, batchSize: 10) { batch += $0 }
        #expect(batch.map(\.contact.email.value) == ["ann@example.com", "bob@example.com", "cy@example.com"])
        #expect(batch.map(\.unsubscribedFrom) == [["welcome": F.at(minutes: 5)], [:], [:]])
        #expect(batch.map(\.suppressed) == [false, true, false])

        let page = try f.store.historyPage(campaign: "welcome", only: nil, after: nil, limit: 10)
        #expect(page.map(\.unsubscribedFrom) == batch.map(\.unsubscribedFrom))
        let byID = try f.store.histories(contactIDs: [f.cy, f.ann], campaign: "welcome")
        #expect(byID.map(\.unsubscribedFrom) == [["welcome": F.at(minutes: 5)], [:]])
        #expect(byID.map(\.suppressed) == [false, false])
    }

    @Test(arguments: StoreKind.allCases)
    func suppressingTwiceChangesNothingWhateverTheSpellingAndScopesAreApart(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let store = test.store
        #expect(try store.suppress(Self.unsubscribe("ann@example.com", from: "welcome", minutes: 1, detail: "first")))
        #expect(try !store.suppress(Self.unsubscribe("ANN@example.com", from: "welcome", minutes: 2, detail: "second")))
        #expect(try store.suppress(Self.unsubscribe("ann@example.com", from: "other", minutes: 3)))
        #expect(try store.suppress(Self.unsubscribe("Ann@example.com", from: nil, minutes: 4)))
        #expect(try !store.suppress(Suppression(email: email("ann@example.com"), cause: .bounced, detail: "bounce", at: F.at(minutes: 5))))

        let all = try store.suppressions(email: email("ann@EXAMPLE.com"), limit: 10)
        #expect(all.map(\.campaign) == [nil, "other", "welcome"], "newest first")
        #expect(all.last?.detail == "first")
        #expect(all.last?.at == F.at(minutes: 1))
        #expect(all.first?.cause == .unsubscribed)
        #expect(try store.suppressions(email: nil, limit: 2).count == 2)
        #expect(try store.suppressions(email: email("bob@example.com"), limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aRemovalLiftsOneScopeAndKeepsAnAuditRecord(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let store = test.store
        _ = try store.suppress(Self.unsubscribe("ann@example.com", from: "welcome", minutes: 1, detail: "one-click"))
        _ = try store.suppress(Self.unsubscribe("ann@example.com", from: nil, minutes: 2))

        #expect(try !store.removeSuppression(email: email("ann@example.com"), campaign: "other", reason: "wrong scope", at: F.at(minutes: 9)))
        #expect(try !store.removeSuppression(email: email("bob@example.com"), campaign: nil, reason: "never suppressed", at: F.at(minutes: 9)))
        #expect(try store.suppressionRemovals(email: nil).isEmpty)

        #expect(try store.removeSuppression(email: email("ANN@example.com"), campaign: "welcome", reason: "asked to hear again", at: F.at(minutes: 10)))
        #expect(try store.suppressions(email: email("ann@example.com"), limit: 10).map(\.campaign) == [nil])
        let audit = try store.suppressionRemovals(email: email("ann@example.com"))
        #expect(audit == [SuppressionRemoval(
            suppression: Suppression(email: email("ann@example.com"), campaign: "welcome", cause: .unsubscribed, detail: "one-click", at: F.at(minutes: 1)),
            reason: "asked to hear again", at: F.at(minutes: 10))])
        #expect(try !store.removeSuppression(email: email("ann@example.com"), campaign: "welcome", reason: "again", at: F.at(minutes: 11)))
        #expect(try store.suppressionRemovals(email: nil).count == 1)
    }

    /// Rows written before v3 (everything-suppressions with a reason only) keep their scope and get a cause.
    @Test func rowsOfAnOlderStoreGetACauseAndStaySuppressedForEverything() throws {
        let older = try TestStore.older(upTo: "v2-pacing", sql: """
            INSERT INTO suppression (email, reason, at) VALUES
                ('a@example.com', 'bounced: 550 5.1.1 user unknown', 1000),
                ('b@example.com', 'unsubscribed (imported event)', 2000),
                ('c@example.com', 'complained (imported event)', 3000),
                ('d@example.com', 'hard bounce: 550', 4000),
                ('e@example.com', 'added by hand', 5000)
            """)
        defer { older.close() }
        let store = older.store
        let all = try store.suppressions(email: nil, limit: 10).sorted { $0.email < $1.email }
        #expect(all.map(\.cause) == [.bounced, .unsubscribed, .complained, .bounced, .manual])
        #expect(all.allSatisfy { $0.campaign == nil })
        #expect(all.map(\.detail).first == "bounced: 550 5.1.1 user unknown")
        #expect(all.map(\.at).first == Date(timeIntervalSince1970: 1))
        // The old unique key holds in the new table: the same address again changes nothing.
        #expect(try !store.suppress(Suppression(email: email("A@example.com"), cause: .manual, detail: "x", at: F.t0)))
    }

    @Test(arguments: StoreKind.allCases)
    func anImportedListIsOneTransaction(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let store = test.store
        _ = try store.suppress(Self.unsubscribe("bob@example.com", from: nil))
        let rows: [ImportRow<EmailAddress>] = [
            ImportRow(line: 1, record: email("ann@example.com")),
            ImportRow(line: 2, rejection: "email 'x' has no @"),
            ImportRow(line: 3, record: email("BOB@example.com")),
            ImportRow(line: 4, record: email("ann@example.com")),
        ]
        let report = try store.importSuppressions(ArraySource(rows), cause: .manual, detail: "list.txt", at: F.t0)
        #expect(report.imported == 1)
        #expect(report.unchanged == 2)
        #expect(report.rejected == [RowRejection(line: 2, reason: "email 'x' has no @")])
        #expect(try store.suppressions(email: email("ann@example.com"), limit: 10).map(\.detail) == ["list.txt:1"])

        let broken = ArraySource([ImportRow(line: 1, record: email("cy@example.com"))], thenThrow: SourceBroke())
        #expect(throws: SourceBroke.self) { try store.importSuppressions(broken, cause: .manual, detail: "bad.txt", at: F.t0) }
        #expect(try store.suppressions(email: email("cy@example.com"), limit: 10).isEmpty, "nothing of a failed import is stored")
    }

    @Test(arguments: StoreKind.allCases)
    func aHardBounceReportSuppressesAndMarksItsLedgerEntryASoftOneOnlyRecords(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let message = F.planned(f.ann)
        let entry = try f.entry(in: .sent, message)
        func report(_ address: String, _ severity: BounceSeverity, status: String, messageID: String?) -> BounceReport {
            BounceReport(
                email: email(address), severity: severity, action: severity == .hard ? "failed" : "delayed", status: status,
                diagnostic: "smtp; 550 \(status) no", originalMessageID: messageID, reportID: "<r1@mx>", at: F.at(minutes: 30),
                source: "b.mbox message 1 (line 1)")
        }
        let reports = [
            report("ann@example.com", .hard, status: "5.1.1", messageID: message.messageID),
            report("cy@example.com", .soft, status: "4.2.2", messageID: "<unknown@x>"),
        ]
        let outcomes = try f.store.record(reports)
        #expect(outcomes == [
            BounceOutcome(recorded: true, suppressed: true, ledgerEntry: entry),
            BounceOutcome(recorded: true, suppressed: false, ledgerEntry: nil),
        ])
        let ledger = try f.store.entries(LedgerQuery(contact: email("ann@example.com")))
        #expect(ledger.map(\.state) == [.bounced])
        #expect(ledger.first?.lastReply == "bounced later: 5.1.1 smtp; 550 5.1.1 no")
        let suppressions = try f.store.suppressions(email: nil, limit: 10)
        #expect(suppressions.map(\.email.value) == ["ann@example.com"])
        #expect(suppressions.first?.cause == .bounced)
        #expect(suppressions.first?.detail == "bounce: 5.1.1 smtp; 550 5.1.1 no (b.mbox message 1 (line 1))")
        #expect(try f.store.histories(contactIDs: [f.cy], campaign: "welcome").first?.suppressed == false)
        #expect(try f.store.bounceReports(email: nil, limit: 10).map(\.email.value).sorted() == ["ann@example.com", "cy@example.com"])

        // The same mailbox again: nothing new.
        #expect(try f.store.record(reports) == [
            BounceOutcome(recorded: false, suppressed: false, ledgerEntry: entry),
            BounceOutcome(recorded: false, suppressed: false, ledgerEntry: nil),
        ])
        #expect(try f.store.bounceReports(email: nil, limit: 10).count == 2)
    }
}
