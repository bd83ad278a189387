import Foundation
import NurtureCore
import NurtureStore
import NurtureTestSupport
import Synchronization
import Testing
@testable import NurtureApp

/// The group-committing ledger writer on a real SQLite file: what a ticket promises once open, the order of
/// outcomes and marks, and what a failed transaction leaves.
@Suite(.timeLimit(.minutes(1))) struct LedgerCommitterTests {
    /// Two claimed entries of a fresh store.
    private static func claimed() throws -> (RunFixture, [Int64]) {
        let fixture = try RunFixture(contacts: ["ann@a.example", "bob@b.example"])
        let planned = try ["ann@a.example", "bob@b.example"].map { email -> PlannedMessage in
            let contact = try #require(try fixture.store.contact(email: try EmailAddress(email, policy: .reservedDomainsAllowed)))
            return PlannedMessage(contactID: contact.id!, campaign: "lead-nurture", step: "thank-you", contentKey: "ebook-modern-data-stack",
                                  content: "ebook-modern-data-stack", messageID: "<c\(contact.id!)@t>", plannedAt: RunFixture.now)
        }
        return (fixture, try fixture.store.claim(planned).map { try #require($0) })
    }

    private static func state(_ fixture: RunFixture, _ id: Int64) throws -> DeliveryState? {
        try fixture.ledger().first { $0.id == id }?.state
    }

    /// Waits for a ticket on a thread of its own: a test never blocks the cooperative pool.
    private static func opens(_ ticket: LedgerCommitter.Ticket) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: ticket.waitUntilOpen()) }
        }
    }

    private static func usage(_ id: Int64) -> [UsageIncrement] {
        UsageIncrement.forMessages(senderDomains: ["northwind-analytics.example"], at: RunFixture.now)
    }

    @Test func anOpenTicketMeansTheMarkIsDurableWithTheOutcomesQueuedBeforeIt() async throws {
        let (fixture, ids) = try Self.claimed()
        let committer = LedgerCommitter(store: fixture.store)
        defer { committer.close() }

        let first = committer.markSending(ids[0], usage: Self.usage(ids[0]), at: RunFixture.now)
        #expect((await Self.opens(first)))
        #expect(try Self.state(fixture, ids[0]) == .sending)

        // An outcome waits for the next mark (or a flush): no transaction of its own.
        committer.record(LedgerUpdate(id: ids[0], state: .sent, reply: "250 ok", at: RunFixture.now))
        #expect(try Self.state(fixture, ids[0]) == .sending)

        let second = committer.markSending(ids[1], usage: Self.usage(ids[1]), at: RunFixture.now)
        #expect((await Self.opens(second)))
        #expect(try Self.state(fixture, ids[0]) == .sent)
        #expect(try Self.state(fixture, ids[1]) == .sending)

        committer.record(LedgerUpdate(id: ids[1], state: .sent, reply: "250 ok", at: RunFixture.now))
        try await committer.flush()
        #expect(try fixture.ledger().allSatisfy { $0.state == .sent && $0.attempts == 1 })
        let usage = try fixture.store.relayUsage(senders: ["northwind-analytics.example"], at: RunFixture.now)
        #expect(usage.hour == 2)
        #expect(usage.day == 2)
    }

    /// A message refused before its data ends while its mark is still queued; its retry is marked again, all in
    /// one transaction: outcome first, then the new mark.
    @Test func anOutcomeThatOvertakesItsQueuedMarkAndTheRetryLandInOrder() async throws {
        let (fixture, ids) = try Self.claimed()
        let hold = Hold()
        let store = fixture.store
        let committer = LedgerCommitter { updates, sending, usage, at in
            let number = hold.commits.add(1, ordering: .sequentiallyConsistent).newValue
            // The first transaction (a flush barrier) holds the thread until the test has queued the rest.
            while number == 1 && !hold.released.load(ordering: .sequentiallyConsistent) { usleep(1000) }
            try store.commit(updates, sending: sending, usage: usage, at: at)
        }
        defer { committer.close() }
        committer.record(LedgerUpdate(id: ids[1], state: .failed, reply: "cancelled", at: RunFixture.now, countsAttempt: false))
        let barrier = Task { try await committer.flush() }
        for _ in 0..<2000 where hold.commits.load(ordering: .sequentiallyConsistent) == 0 {
            try await Task.sleep(nanoseconds: 1_000_000)
        }

        _ = committer.markSending(ids[0], usage: Self.usage(ids[0]), at: RunFixture.now)
        committer.record(LedgerUpdate(id: ids[0], state: .deferred, reply: "421 slow down", at: RunFixture.now,
                                      nextAttemptAt: RunFixture.now.addingTimeInterval(60)))
        let retry = committer.markSending(ids[0], usage: Self.usage(ids[0]), at: RunFixture.now)
        hold.released.store(true, ordering: .sequentiallyConsistent)
        try await barrier.value
        #expect((await Self.opens(retry)))
        let entry = try #require(try fixture.ledger().first { $0.id == ids[0] })
        #expect(entry.state == .sending)
        #expect(entry.attempts == 1)
        #expect(entry.lastReply == "421 slow down")
        #expect(hold.commits.load(ordering: .sequentiallyConsistent) == 2)
    }

    private final class Hold: Sendable {
        let released = Atomic(false)
        let commits = Atomic(0)
    }

    /// With several connections, marks wait for one another (fewer flushes) until a message waits at its gate.
    @Test func aWaitingGateStartsTheTransactionForEveryQueuedMark() async throws {
        let (fixture, ids) = try Self.claimed()
        let hold = Hold()
        let store = fixture.store
        let committer = LedgerCommitter(eagerMarks: 8) { updates, sending, usage, at in
            hold.commits.add(1, ordering: .sequentiallyConsistent)
            try store.commit(updates, sending: sending, usage: usage, at: at)
        }
        defer { committer.close() }
        let first = committer.markSending(ids[0], usage: Self.usage(ids[0]), at: RunFixture.now)
        _ = committer.markSending(ids[1], usage: Self.usage(ids[1]), at: RunFixture.now)
        try await Task.sleep(nanoseconds: 100_000_000)
        #expect(hold.commits.load(ordering: .sequentiallyConsistent) == 0)
        #expect(try Self.state(fixture, ids[0]) == .pending)

        #expect((await Self.opens(first)))
        #expect(hold.commits.load(ordering: .sequentiallyConsistent) == 1)
        #expect(try fixture.ledger().allSatisfy { $0.state == .sending })
    }

    @Test func aFailedTransactionShutsTheGatesAndTheOutcomesAreSalvaged() async throws {
        let (fixture, ids) = try Self.claimed()
        // ids[1] is already sent: marking it `sending` again is refused, and the transaction rolls back.
        try fixture.store.commit([], sending: [ids[1]], at: RunFixture.now)
        try fixture.store.commit([LedgerUpdate(id: ids[1], state: .sent, reply: "250 ok", at: RunFixture.now)], sending: [], at: RunFixture.now)
        try fixture.store.commit([], sending: [ids[0]], at: RunFixture.now)
        let committer = LedgerCommitter(store: fixture.store)
        defer { committer.close() }

        committer.record(LedgerUpdate(id: ids[0], state: .sent, reply: "250 ok", at: RunFixture.now))
        let refused = committer.markSending(ids[1], usage: Self.usage(ids[1]), at: RunFixture.now)
        #expect(!(await Self.opens(refused)))
        await #expect(throws: LedgerError.self) { try await committer.flush() }
        #expect(committer.error is LedgerError)
        // Nothing of that transaction stuck: the outcome is not recorded yet, and no counter moved.
        #expect(try Self.state(fixture, ids[0]) == .sending)
        #expect(try fixture.store.relayUsage(senders: [], at: RunFixture.now).hour == 0)
        // Later marks stay shut without a transaction; the outcomes are kept for the salvage.
        #expect(!(await Self.opens(committer.markSending(ids[0], usage: [], at: RunFixture.now))))
        try committer.salvage(at: RunFixture.now)
        #expect(try Self.state(fixture, ids[0]) == .sent)
        #expect(try Self.state(fixture, ids[1]) == .sent)
    }

    /// A ticket handed to a transport marks nothing until its transaction starts: a message queued and never
    /// started is never recorded as going out.
    @Test func aTicketMarksItsMessageWhenItsTransactionStarts() async throws {
        let (fixture, ids) = try Self.claimed()
        let committer = LedgerCommitter(store: fixture.store)
        defer { committer.close() }
        let ticket = committer.ticket(ids[0], usage: Self.usage(ids[0]), at: RunFixture.now)
        try await committer.flush()
        #expect(try Self.state(fixture, ids[0]) == .pending)
        #expect(try fixture.store.relayUsage(senders: ["northwind-analytics.example"], at: RunFixture.now).hour == 0)
        ticket.transactionStarts()
        #expect((await Self.opens(ticket)))
        #expect(try Self.state(fixture, ids[0]) == .sending)
        #expect(try fixture.store.relayUsage(senders: ["northwind-analytics.example"], at: RunFixture.now).hour == 1)
    }

    /// The first entry's transaction starts and its mark is durable; then the second's starts, the first's outcome
    /// not recorded: the second's ticket.
    private static func startOneAfterAnother(_ committer: LedgerCommitter, _ ids: [Int64]) async -> LedgerCommitter.Ticket {
        let first = committer.ticket(ids[0], usage: usage(ids[0]), at: RunFixture.now)
        first.transactionStarts()
        #expect((await opens(first)))
        let second = committer.ticket(ids[1], usage: usage(ids[1]), at: RunFixture.now)
        second.transactionStarts()
        return second
    }

    /// A connection that starts its next message before the send loop recorded the outcome of the one before (the
    /// transport queued it ahead): the new mark waits for that outcome, and both go in one transaction, so the two
    /// are never durably `sending` at once.
    @Test func aMarkStartedBeforeTheOutcomeBeforeItWaitsForThatOutcome() async throws {
        let (fixture, ids) = try Self.claimed()
        let store = fixture.store
        let transactions = Mutex<[(outcomes: [Int64], marks: [Int64])]>([])
        let committer = LedgerCommitter(eagerMarks: 1) { updates, sending, usage, at in
            try store.commit(updates, sending: sending, usage: usage, at: at)
            transactions.withLock { $0.append((updates.map(\.id), sending)) }
        }
        defer { committer.close() }
        let second = await Self.startOneAfterAnother(committer, ids)
        // Time enough for a transaction of the second mark alone, had it started.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try Self.state(fixture, ids[1]) == .pending)

        committer.record(LedgerUpdate(id: ids[0], state: .sent, reply: "250 ok", at: RunFixture.now))
        #expect((await Self.opens(second)))
        #expect(try Self.state(fixture, ids[0]) == .sent)
        #expect(try Self.state(fixture, ids[1]) == .sending)
        let made = transactions.withLock { $0 }
        #expect(made.map(\.outcomes) == [[], [ids[0]]])
        #expect(made.map(\.marks) == [[ids[0]], [ids[1]]])
    }

    /// The wait for the outcome before never holds a message at its final dot: a gate that asks gets its mark
    /// committed at once.
    @Test func aGateThatAsksDoesNotWaitForTheOutcomeBeforeIt() async throws {
        let (fixture, ids) = try Self.claimed()
        let committer = LedgerCommitter(store: fixture.store)
        defer { committer.close() }
        let second = await Self.startOneAfterAnother(committer, ids)
        #expect((await Self.opens(second)))
        #expect(try Self.state(fixture, ids[0]) == .sending)
        #expect(try Self.state(fixture, ids[1]) == .sending)
    }
}
