import Foundation
import GRDB
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport
import Testing

struct SQLiteStoreLedgerTests {
    typealias F = LedgerFixture

    // MARK: claim

    @Test(arguments: StoreKind.allCases)
    func claimReturnsIdsThenNilForTakenKeys(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)

        let first = try f.store.claim([F.planned(f.ann, key: "ebook"), F.planned(f.bob, minutes: 2), F.planned(f.ann, key: "ebook")])
        #expect(first.count == 3)
        let annID = try #require(first[0])
        let bobID = try #require(first[1])
        #expect(annID != bobID)
        #expect(first[2] == nil, "the same key twice in one claim is taken once")

        let second = try f.store.claim([F.planned(f.ann, key: "ebook"), F.planned(f.ann, key: "guide"), F.planned(f.ann, campaign: "other", key: "ebook")])
        #expect(second[0] == nil)
        #expect(second[1] != nil && second[2] != nil)
        #expect(try f.store.claim([]) == [])

        let entry = try #require(try f.entry(bobID))
        #expect(entry.state == .pending)
        #expect(entry.attempts == 0)
        #expect(entry.email.value == "bob@example.com")
        #expect(entry.contactID == f.bob)
        #expect(entry.createdAt == F.at(minutes: 2) && entry.updatedAt == F.at(minutes: 2))
        #expect(entry.messageID == "<n.welcome.thank_you.c\(f.bob)@example.com>")
        #expect(entry.sentAt == nil && entry.nextAttemptAt == nil && entry.lastReply == nil)
        #expect(try f.entry(annID)?.content == "ebook")
    }

    @Test func claimsOfTwoStoresOnOneFileNeverOverlap() throws {
        let directory = try TestStore.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nurture.sqlite").path
        let one = try SQLiteStore(path: path)
        let two = try SQLiteStore(path: path)
        let f = try LedgerFixture(one)

        let id = try f.claim(F.planned(f.ann))
        #expect(try two.claim([F.planned(f.ann)]) == [nil])

        // Two runs claiming the same 60 keys at the same time: each key goes to exactly one of them.
        let messages = (0..<60).map { F.planned([f.ann, f.bob, f.cy][$0 % 3], step: "s\($0 / 3)") }
        let results = ClaimResults()
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            let store = run == 0 ? one : two
            let ordered = run == 0 ? messages : messages.reversed()
            for chunk in stride(from: 0, to: ordered.count, by: 5) {
                let ids = (try? store.claim(Array(ordered[chunk..<chunk + 5]))) ?? []
                results.add(ids.compactMap { $0 }, failed: ids.count != 5)
            }
        }
        let (ids, failures) = results.snapshot()
        #expect(failures == 0)
        #expect(ids.count == 60 && Set(ids).count == 60)
        #expect(!ids.contains(id))
        #expect(try two.entries(LedgerQuery(campaign: "welcome")).count == 61)
    }

    // MARK: commit

    @Test(arguments: StoreKind.allCases)
    func commitMovesPendingToSendingToSent(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let id = try f.claim(F.planned(f.ann))

        try f.store.commit([], sending: [id], at: F.at(minutes: 1))
        var entry = try #require(try f.entry(id))
        #expect(entry.state == .sending && entry.attempts == 0 && entry.updatedAt == F.at(minutes: 1) && entry.sentAt == nil)

        try f.store.commit([LedgerUpdate(id: id, state: .sent, reply: "250 2.0.0 queued", at: F.at(minutes: 2))], sending: [], at: F.at(minutes: 3))
        entry = try #require(try f.entry(id))
        #expect(entry.state == .sent)
        #expect(entry.attempts == 1)
        #expect(entry.sentAt == F.at(minutes: 2))
        #expect(entry.updatedAt == F.at(minutes: 2))
        #expect(entry.lastReply == "250 2.0.0 queued")
        #expect(entry.createdAt == F.at(minutes: 0))
    }

    @Test(arguments: StoreKind.allCases)
    func updatesAndSendingShareOneTransaction(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let first = try f.entry(in: .sending, F.planned(f.ann))
        let second = try f.claim(F.planned(f.bob))

        try f.store.commit(
            [LedgerUpdate(id: first, state: .sent, reply: "250 ok", at: F.at(minutes: 5))], sending: [second], at: F.at(minutes: 5))
        #expect(try f.entry(first)?.state == .sent)
        #expect(try f.entry(second)?.state == .sending)
        #expect(try f.entry(second)?.updatedAt == F.at(minutes: 5))
    }

    @Test(arguments: StoreKind.allCases)
    func sendingFromAFinishedEntryThrowsAndRollsBackEverything(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let sent = try f.entry(in: .sent, F.planned(f.ann))
        let inFlight = try f.entry(in: .sending, F.planned(f.bob))
        let pending = try f.claim(F.planned(f.cy))

        let error = try #require(throws: LedgerError.self) {
            try f.store.commit(
                [LedgerUpdate(id: inFlight, state: .bounced, reply: "550 no such user", at: F.at(minutes: 9), suppressReason: "hard bounce")],
                sending: [pending, sent], at: F.at(minutes: 9))
        }
        #expect(error.code == .wrongState)
        #expect(error.entryID == sent)
        #expect(error.description == "ledger entry \(sent) is sent, not pending or deferred")

        let bob = try #require(try f.entry(inFlight))
        #expect(bob.state == .sending && bob.attempts == 0 && bob.lastReply == nil)
        #expect(try f.entry(pending)?.state == .pending)
        #expect(try f.entry(sent)?.state == .sent)
        #expect(try f.store.histories(contactIDs: [f.bob], campaign: "welcome").first?.suppressed == false)

        let sendingTwice = try #require(throws: LedgerError.self) { try f.store.commit([], sending: [inFlight], at: F.at(minutes: 9)) }
        #expect(sendingTwice.description == "ledger entry \(inFlight) is sending, not pending or deferred")
        let missing = try #require(throws: LedgerError.self) { try f.store.commit([], sending: [pending, 999], at: F.at(minutes: 9)) }
        #expect(missing.code == .noSuchEntry && missing.description == "no ledger entry 999")
        #expect(try f.entry(pending)?.state == .pending)
        let missingUpdate = try #require(throws: LedgerError.self) {
            try f.store.commit([LedgerUpdate(id: 999, state: .sent, reply: nil, at: F.at(minutes: 9))], sending: [], at: F.at(minutes: 9))
        }
        #expect(missingUpdate.code == .noSuchEntry)
        let toSending = try #require(throws: LedgerError.self) {
            try f.store.commit([LedgerUpdate(id: pending, state: .sending, reply: nil, at: F.at(minutes: 9))], sending: [], at: F.at(minutes: 9))
        }
        #expect(toSending.code == .invalidRequest)
        #expect(try f.entry(pending)?.state == .pending)
    }

    @Test(arguments: StoreKind.allCases)
    func deferredEntriesResumeOnlyWhenDue(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let deferred = try f.entry(in: .sending, F.planned(f.ann, minutes: 0))
        try f.store.commit([LedgerUpdate(
            id: deferred, state: .deferred, reply: "451 try later", at: F.at(minutes: 2), nextAttemptAt: F.at(minutes: 12))],
            sending: [], at: F.at(minutes: 2))
        let entry = try #require(try f.entry(deferred))
        #expect(entry.state == .deferred && entry.attempts == 1 && entry.nextAttemptAt == F.at(minutes: 12) && entry.sentAt == nil)

        #expect(try f.store.resumable(campaign: "welcome", contact: nil, now: F.at(minutes: 11), limit: 10).isEmpty)
        let due = try f.store.resumable(campaign: "welcome", contact: nil, now: F.at(minutes: 12), limit: 10)
        #expect(due.map(\.id) == [deferred])
        #expect(due.first?.email.value == "ann@example.com")

        // Retried: deferred → sending is allowed, and it no longer resumes.
        try f.store.commit([], sending: [deferred], at: F.at(minutes: 13))
        #expect(try f.store.resumable(campaign: "welcome", contact: nil, now: F.at(minutes: 60), limit: 10).isEmpty)
        try f.store.commit([LedgerUpdate(id: deferred, state: .sent, reply: "250 ok", at: F.at(minutes: 14))], sending: [], at: F.at(minutes: 14))
        let sent = try #require(try f.entry(deferred))
        #expect(sent.attempts == 2 && sent.nextAttemptAt == nil && sent.sentAt == F.at(minutes: 14))
    }

    @Test(arguments: StoreKind.allCases)
    func resumableIsPendingAndDueDeferredOldestFirst(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let late = try f.claim(F.planned(f.ann, minutes: 30))
        let early = try f.claim(F.planned(f.bob, minutes: 10))
        let middle = try f.claim(F.planned(f.cy, minutes: 20))
        _ = try f.entry(in: .sent, F.planned(f.ann, step: "done", minutes: 0))
        _ = try f.entry(in: .sending, F.planned(f.bob, step: "flying", minutes: 0))
        _ = try f.entry(in: .unknown, F.planned(f.cy, step: "lost", minutes: 0))
        _ = try f.claim(F.planned(f.ann, campaign: "other", minutes: 0))

        let all = try f.store.resumable(campaign: "welcome", contact: nil, now: F.at(minutes: 60), limit: 10)
        #expect(all.map(\.id) == [early, middle, late])
        #expect(all.allSatisfy { $0.state == .pending })
        #expect(try f.store.resumable(campaign: "welcome", contact: nil, now: F.at(minutes: 60), limit: 2).map(\.id) == [early, middle])
        #expect(try f.store.resumable(campaign: "welcome", contact: nil, now: F.at(minutes: 60), limit: 0).isEmpty)
        #expect(try f.store.resumable(campaign: "other", contact: nil, now: F.at(minutes: 60), limit: 10).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func bounceWithSuppressReasonSuppressesTheContact(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let id = try f.entry(in: .sending, F.planned(f.ann))
        try f.store.commit([LedgerUpdate(
            id: id, state: .bounced, reply: "550 5.1.1 no such user", at: F.at(minutes: 3), suppressReason: "hard bounce: 550 5.1.1")],
            sending: [], at: F.at(minutes: 3))

        let histories = try f.store.histories(contactIDs: [f.ann, f.bob], campaign: "welcome")
        #expect(histories.map(\.suppressed) == [true, false])
        #expect(histories.first?.sent.map(\.state) == [.bounced])
        var batch: [ContactHistory] = []
        try f.store.forEachHistoryBatch(campaign: "other", only: email("ANN@example.com"), batchSize: 10) { batch += $0 }
        #expect(batch.first?.suppressed == true, "suppression is per address, whatever the campaign")

        let row = try f.store.writer.read { try Row.fetchOne($0, sql: "SELECT email, reason, at FROM suppression") }
        #expect(row?["email"] == "ann@example.com")
        #expect(row?["reason"] == "hard bounce: 550 5.1.1")
        #expect(row?["at"] == StoredDate.milliseconds(F.at(minutes: 3)))

        // A second bounce for the same address keeps the first reason and does not fail.
        let again = try f.entry(in: .sending, F.planned(f.ann, step: "next"))
        try f.store.commit([LedgerUpdate(id: again, state: .bounced, reply: "550", at: F.at(minutes: 4), suppressReason: "again")], sending: [], at: F.at(minutes: 4))
        #expect(try f.store.writer.read { try String.fetchAll($0, sql: "SELECT reason FROM suppression") } == ["hard bounce: 550 5.1.1"])
    }

    // MARK: markInterrupted, resolve

    @Test(arguments: StoreKind.allCases)
    func markInterruptedTurnsOnlyThisCampaignsSendingIntoUnknown(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let flying = [try f.entry(in: .sending, F.planned(f.ann)), try f.entry(in: .sending, F.planned(f.bob))]
        let pending = try f.claim(F.planned(f.cy))
        let sent = try f.entry(in: .sent, F.planned(f.ann, step: "earlier"))
        let elsewhere = try f.entry(in: .sending, F.planned(f.ann, campaign: "other"))

        let count = try f.store.markInterrupted(campaign: "welcome", at: F.at(minutes: 50), reply: "the run stopped while sending")
        #expect(count == 2)
        for id in flying {
            let entry = try #require(try f.entry(id))
            #expect(entry.state == .unknown && entry.lastReply == "the run stopped while sending" && entry.updatedAt == F.at(minutes: 50))
        }
        #expect(try f.entry(pending)?.state == .pending)
        #expect(try f.entry(sent)?.state == .sent)
        #expect(try f.entry(elsewhere)?.state == .sending)
        #expect(try f.store.markInterrupted(campaign: "welcome", at: F.at(minutes: 51), reply: "again") == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func resolveFollowsThePersonsDecisionAndNothingElse(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let arrived = try f.entry(in: .unknown, F.planned(f.ann))
        let lost = try f.entry(in: .unknown, F.planned(f.bob))
        let sent = try f.entry(in: .sent, F.planned(f.cy))

        let resolved = try f.store.resolve(id: arrived, as: .sent, note: "found in the sent folder", at: F.at(minutes: 90))
        #expect(resolved.id == arrived && resolved.state == .sent)
        #expect(resolved.sentAt == F.at(minutes: 90) && resolved.updatedAt == F.at(minutes: 90))
        #expect(resolved.lastReply == "found in the sent folder")
        #expect(resolved.attempts == 0)
        #expect(try f.entry(arrived) == resolved)

        let failed = try f.store.resolve(id: lost, as: .failed, note: "never arrived", at: F.at(minutes: 91))
        #expect(failed.state == .failed && failed.sentAt == nil && failed.lastReply == "never arrived")

        let notUnknown = try #require(throws: LedgerError.self) { try f.store.resolve(id: sent, as: .failed, note: "", at: F.at(minutes: 92)) }
        #expect(notUnknown.code == .wrongState && notUnknown.description == "ledger entry \(sent) is sent, not deferred or pending or unknown")
        let twice = try #require(throws: LedgerError.self) { try f.store.resolve(id: arrived, as: .failed, note: "", at: F.at(minutes: 92)) }
        #expect(twice.description == "ledger entry \(arrived) is sent, not deferred or pending or unknown")
        let missing = try #require(throws: LedgerError.self) { try f.store.resolve(id: 12_345, as: .sent, note: "", at: F.at(minutes: 92)) }
        #expect(missing.description == "no ledger entry 12345")
        let badState = try #require(throws: LedgerError.self) { try f.store.resolve(id: lost, as: .sending, note: "", at: F.at(minutes: 92)) }
        #expect(badState.code == .invalidRequest && badState.description.hasPrefix("resolve as sent, failed or pending"))
        #expect(try f.entry(sent)?.sentAt == F.at(minutes: 1))

        // A failed message sent again after fixing the cause: back to pending, and resumable.
        let again = try f.store.resolve(id: lost, as: .pending, note: "template fixed", at: F.at(minutes: 93))
        #expect(again.state == .pending)
        #expect(try f.store.resumable(campaign: again.campaign, contact: nil, now: F.at(minutes: 94), limit: 10).map(\.id) == [lost])
        // …or cancelled before it goes.
        let cancelled = try f.store.resolve(id: lost, as: .failed, note: "not after all", at: F.at(minutes: 95))
        #expect(cancelled.state == .failed)
        #expect(try f.store.resumable(campaign: again.campaign, contact: nil, now: F.at(minutes: 96), limit: 10).isEmpty)
    }

    // MARK: entries, histories

    @Test(arguments: StoreKind.allCases)
    func entriesFilterAndListNewestFirst(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        let annPending = try f.claim(F.planned(f.ann, minutes: 5))
        let bobPending = try f.claim(F.planned(f.bob, minutes: 5))
        let annSent = try f.entry(in: .sent, F.planned(f.ann, step: "two"))   // updated at minute 1
        let annOther = try f.claim(F.planned(f.ann, campaign: "other", minutes: 7))

        #expect(try f.store.entries(LedgerQuery()).map(\.id) == [annOther, bobPending, annPending, annSent])
        #expect(try f.store.entries(LedgerQuery(campaign: "welcome")).map(\.id) == [bobPending, annPending, annSent])
        #expect(try f.store.entries(LedgerQuery(contact: email("ANN@Example.com"))).map(\.id) == [annOther, annPending, annSent])
        #expect(try f.store.entries(LedgerQuery(campaign: "welcome", contact: email("ann@example.com"), states: [.sent])).map(\.id) == [annSent])
        #expect(try f.store.entries(LedgerQuery(states: [.pending, .sent])).count == 4)
        #expect(try f.store.entries(LedgerQuery(states: [.unknown])).isEmpty)
        #expect(try f.store.entries(LedgerQuery(limit: 2)).map(\.id) == [annOther, bobPending])
        #expect(try f.store.entries(LedgerQuery(limit: 0)).isEmpty)
        #expect(try f.store.entries(LedgerQuery(contact: email("nobody@example.com"))).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func historiesByIDMatchTheBatches(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        try SQLiteStoreHistoryTests.populate(test.store)
        for campaign in ["welcome", "other", "none"] {
            var batches: [ContactHistory] = []
            try test.store.forEachHistoryBatch(campaign: campaign, only: nil, batchSize: 10) { batches += $0 }
            #expect(batches.count == 25)
            let ids = batches.compactMap(\.contact.id)
            let byID = try test.store.histories(contactIDs: Array(ids.reversed()) + [ids[3], 999_999], campaign: campaign)
            #expect(byID == batches)
            // Small chunks read the same as one.
            let chunked = try test.store.writer.read { try test.store.histories($0, contactIDs: ids, campaign: campaign, chunkSize: 4) }
            #expect(chunked == batches)
            let some = try test.store.histories(contactIDs: [ids[2], ids[1]], campaign: campaign)
            #expect(some == [batches[1], batches[2]])
        }
        #expect(try test.store.histories(contactIDs: [], campaign: "welcome").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func historiesShowEveryLedgerState(kind: StoreKind) throws {
        let test = try TestStore(kind)
        defer { test.close() }
        let f = try LedgerFixture(test.store)
        // `unknown` first: making it marks every `sending` entry of the campaign interrupted.
        for state in [DeliveryState.unknown] + DeliveryState.allCases.filter({ $0 != .unknown }) {
            _ = try f.entry(in: state, F.planned(f.ann, step: state.rawValue))
        }
        let history = try #require(try f.store.histories(contactIDs: [f.ann], campaign: "welcome").first)
        #expect(Set(history.sent.map(\.state)) == Set(DeliveryState.allCases))
        #expect(Set(history.sent.map(\.step)) == Set(DeliveryState.allCases.map(\.rawValue)))
        var batch: [ContactHistory] = []
        try f.store.forEachHistoryBatch(campaign: "welcome", only: nil, batchSize: 2) { batch += $0 }
        #expect(batch.first == history)
    }
}

/// Ids claimed by concurrent runs, collected under a lock.
final class ClaimResults: @unchecked Sendable {
    // `ids` and `failures` are only touched while holding `lock`.
    private let lock = NSLock()
    private var ids: [Int64] = []
    private var failures = 0

    func add(_ new: [Int64], failed: Bool) {
        lock.lock()
        defer { lock.unlock() }
        ids += new
        if failed { failures += 1 }
    }

    func snapshot() -> ([Int64], Int) {
        lock.lock()
        defer { lock.unlock() }
        return (ids, failures)
    }
}
