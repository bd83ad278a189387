import Foundation
import NurtureCore
import NurtureStore
import Synchronization
import Testing
@testable import NurtureApp

/// How many messages the dispatcher marks `sending` ahead of its connections: none while the ledger keeps up,
/// up to `LedgerLookahead.maximum` once messages spend a tenth of their time waiting at their gate for it; and what a stop does with the
/// messages marked and not started. A real store file; the disk's and the relay's speeds are simulated (a
/// commit that sleeps first, a transport that honours the gate between an envelope and an end that each take a
/// set time).
@Suite(.timeLimit(.minutes(1))) struct SendDispatcherLookaheadTests {
    /// A transport whose transactions take `envelope` before the gate and `end` after it, each on a thread of
    /// its own; message `failing` (1-based, in the order they start) ends `.fatal`.
    final class SimulatedRelay: MailTransport, @unchecked Sendable {
        let envelope: UInt32
        let end: UInt32
        let failing: Int?
        private let lock = NSLock()
        private var started = 0
        private var active = 0
        private(set) var mostActive = 0

        init(envelopeMicroseconds: UInt32, endMicroseconds: UInt32, failing: Int? = nil) {
            envelope = envelopeMicroseconds
            end = endMicroseconds
            self.failing = failing
        }

        func send(_ message: OutgoingMessage) async -> DeliveryOutcome {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { [self] in
                    message.gate?.transactionStarts()
                    let number = lock.withLock {
                        started += 1
                        active += 1
                        mostActive = max(mostActive, active)
                        return started
                    }
                    usleep(envelope)
                    let open = message.gate?.waitUntilOpen() ?? true
                    usleep(end)
                    lock.withLock { active -= 1 }
                    if !open { return continuation.resume(returning: .fatal(reply: "gate shut")) }
                    continuation.resume(returning: number == failing ? .fatal(reply: "421 closing") : .sent(reply: "250 ok"))
                }
            }
        }

        func shutdown() async {}
    }

    /// The most entries durably `sending` after any transaction: what a crash at that moment would leave
    /// `unknown`.
    final class InDoubt: Sendable {
        let most = Atomic<Int>(0)
    }

    private static let contacts = (0..<48).map { "person\($0)@p\($0 % 5).example" }

    /// Everything due in the fixture, claimed, as the dispatcher's items.
    private static func claimedItems(_ service: RunService, _ fixture: RunFixture) throws -> [SendDispatcher.Item] {
        let page = try service.preparePage(after: nil)
        let ids = try fixture.store.claim(page.messages.map { message in
            PlannedMessage(contactID: message.contact.id!, campaign: message.campaign, step: message.send.step,
                           contentKey: message.send.contentKey, content: message.send.content, messageID: message.messageID,
                           plannedAt: RunFixture.now, kind: message.send.kind)
        })
        return try zip(page.messages, ids).map { message, id in
            SendDispatcher.Item(id: try #require(id), attempts: 0, createdAt: RunFixture.now, message: message)
        }
    }

    /// Sends everything due at `connections` through `relay`, with each ledger transaction taking at least
    /// `diskMicroseconds` (`due`: the messages the fixture has due); the dispatcher afterwards, and the most entries that were ever durably `sending`.
    private static func send(
        _ fixture: RunFixture, relay: SimulatedRelay, connections: Int, diskMicroseconds: UInt32, due: Int = contacts.count
    ) async throws -> (SendDispatcher, Int) {
        let service = RunService(store: fixture.store, composer: fixture.composer, transport: relay,
                                 options: RunOptions(connections: connections), clock: { RunFixture.now })
        let items = try claimedItems(service, fixture)
        #expect(items.count == due)
        let store = fixture.store
        let inDoubt = InDoubt()
        let ledger = LedgerCommitter(eagerMarks: connections) { updates, sending, usage, at in
            usleep(diskMicroseconds)
            try store.commit(updates, sending: sending, usage: usage, at: at)
            let count = try store.entries(LedgerQuery(campaign: "lead-nurture", states: [.sending])).count
            inDoubt.most.max(count, ordering: .sequentiallyConsistent)
        }
        defer { ledger.close() }
        let pacer = RelayPacer(limits: RelayLimits(), at: RunFixture.now)
        // The send loop on a thread of its own: a busy cooperative pool (a parallel test run) would stretch the
        // time between an outcome and the next start, which the lookahead compares the gates' waits with.
        let executor = ThreadTaskExecutor(name: "dispatcher-test")
        defer { executor.stop() }
        let dispatcher = try await withTaskExecutorPreference(executor) {
            var dispatcher = SendDispatcher(service: service, pacer: pacer, ledger: ledger)
            try await dispatcher.send(items) { _ in }
            try await dispatcher.flush()
            return dispatcher
        }
        return (dispatcher, inDoubt.most.load(ordering: .sequentiallyConsistent))
    }

    /// Five stretches of outcomes, so that the lookahead reaches its most even when a loaded machine (a parallel
    /// test run) lets one or two stretches' waits look short (CI once stopped at 1 with three stretches).
    @Test func aDiskSlowerThanTheRelayGetsMessagesMarkedAheadAndNoMoreThanTheMost() async throws {
        let contacts = (0..<(LedgerLookahead.stretch * 5)).map { "person\($0)@p\($0 % 5).example" }
        let fixture = try RunFixture(contacts: contacts)
        let relay = SimulatedRelay(envelopeMicroseconds: 500, endMicroseconds: 500)
        let (dispatcher, inDoubt) = try await Self.send(fixture, relay: relay, connections: 1, diskMicroseconds: 20_000, due: contacts.count)
        #expect(dispatcher.lookahead.count == LedgerLookahead.maximum)
        #expect(dispatcher.summary.sent == contacts.count)
        #expect(try fixture.ledger().allSatisfy { $0.state == .sent && $0.attempts == 1 })
        // One connection, yet more than one entry durably `sending` at once, never more than the bound.
        #expect(inDoubt > 1 && inDoubt <= 1 + LedgerLookahead.maximum, "\(inDoubt)")
        #expect(relay.mostActive == 1)
    }

    @Test func aLedgerThatKeepsUpMarksNothingAhead() async throws {
        let fixture = try RunFixture(contacts: Self.contacts)
        // An envelope far longer than a commit, even a slow one: messages hardly wait at their gate.
        let relay = SimulatedRelay(envelopeMicroseconds: 100_000, endMicroseconds: 1_000)
        let (dispatcher, inDoubt) = try await Self.send(fixture, relay: relay, connections: 4, diskMicroseconds: 0)
        #expect(dispatcher.lookahead.count == 0)
        #expect(dispatcher.summary.sent == Self.contacts.count)
        #expect(inDoubt <= 4, "\(inDoubt)")
        #expect(relay.mostActive == 4)
    }

    /// A fatal reply stops the run: the messages marked ahead and not started go back to `pending`, with no
    /// attempt counted, and are still due. The stop comes after four stretches of outcomes, so that the lookahead
    /// is at its most even when a loaded machine (a parallel test run) lets one stretch's waits look short.
    @Test func aStopPutsTheMessagesMarkedAheadBackToPending() async throws {
        let contacts = (0..<80).map { "person\($0)@p\($0 % 5).example" }
        let failing = LedgerLookahead.stretch * 4 + 8
        let fixture = try RunFixture(contacts: contacts)
        let relay = SimulatedRelay(envelopeMicroseconds: 500, endMicroseconds: 500, failing: failing)
        let (dispatcher, _) = try await Self.send(fixture, relay: relay, connections: 1, diskMicroseconds: 20_000, due: contacts.count)
        #expect(dispatcher.lookahead.count == LedgerLookahead.maximum)
        let ledger = try fixture.ledger()
        #expect(ledger.filter { $0.state == .sent }.count == failing - 1)
        #expect(!ledger.contains { $0.state == .sending || $0.state == .unknown })
        let unmarked = ledger.filter { $0.lastReply == SendDispatcher.unmarkedReply }
        #expect(unmarked.count == LedgerLookahead.maximum, "\(ledger.map { ($0.id, $0.state, $0.lastReply ?? "") })")
        #expect(unmarked.allSatisfy { $0.state == .pending && $0.attempts == 0 })
        #expect(dispatcher.summary.stillDue == contacts.count - failing)
        #expect(dispatcher.summary.fatal == "421 closing")
    }
}
