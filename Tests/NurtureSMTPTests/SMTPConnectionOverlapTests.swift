import Foundation
import NurtureCore
import NurtureTestSupport
import Synchronization
import Testing
@testable import NurtureSMTP

/// At one connection the pool's thread runs the Swift tasks that prefer it while a transaction waits for the
/// server, and takes one message ahead; a message queued behind one that stops the run is never started.
/// A real aiosmtpd server on loopback.
@Suite(.timeLimit(.minutes(1)))
struct SMTPConnectionOverlapTests {
    /// When things happened.
    final class Moments: Sendable {
        private let state = Mutex<[String: ContinuousClock.Instant]>([:])

        func note(_ name: String) {
            state.withLock { $0[name] = .now }
        }

        func at(_ name: String) -> ContinuousClock.Instant? {
            state.withLock { $0[name] }
        }
    }

    /// The server answers RCPT TO 1 s late: a task resumed from another thread 0.1 s into the transaction runs
    /// then; with the pool's one thread blocked in libcurl it would run only once the transaction had ended (the
    /// runtime may then carry its rest to another thread: which thread is not what this checks).
    @Test func tasksRunOnTheConnectionThreadWhileATransactionWaitsForTheServer() async throws {
        let server = try await TestSMTPServer(mode: "slowrcpt")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server, connections: 1))
        let moments = Moments()
        let start = ContinuousClock.now
        let outcome = await withTaskExecutorPreference(pool.preferredExecutor) {
            await withTaskGroup(of: DeliveryOutcome?.self) { group in
                group.addTask {
                    let outcome = await pool.send(TestMessages.message(1))
                    moments.note("ended")
                    return outcome
                }
                group.addTask {
                    // Resumed from another thread, as a transport's outcome or a claimed page resumes the send loop.
                    await withCheckedContinuation { continuation in
                        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { continuation.resume() }
                    }
                    moments.note("woke")
                    return nil
                }
                var ended: DeliveryOutcome?
                for await outcome in group { ended = ended ?? outcome }
                return ended
            }
        }
        await pool.shutdown()
        #expect(outcome?.deliveryState == .sent, "\(String(describing: outcome))")
        let woke = try #require(moments.at("woke"))
        let ended = try #require(moments.at("ended"))
        #expect(ended - start >= .seconds(1))
        #expect(woke - start < .milliseconds(800), "the task waited for the transaction to end")
    }

    /// The sender is refused (550 5.1.8: nothing can go until a person fixes it, the run stops): the message
    /// queued behind it ends `.notStarted`, and the server never saw it.
    @Test func aMessageQueuedBehindOneThatStopsTheRunIsNeverStarted() async throws {
        let server = try await TestSMTPServer(mode: "mail550")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server, connections: 1))
        #expect(pool.messagesAhead == 1)
        #expect(SMTPConnectionPool(configuration: try TestMessages.configuration(server, connections: 3)).messagesAhead == 0)
        let outcomes = await withTaskExecutorPreference(pool.preferredExecutor) {
            await withTaskGroup(of: (Int64, DeliveryOutcome).self) { group in
                for id in Int64(1)...2 {
                    group.addTask { (id, await pool.send(TestMessages.message(id))) }
                }
                var all: [Int64: DeliveryOutcome] = [:]
                for await (id, outcome) in group { all[id] = outcome }
                return all
            }
        }
        await pool.shutdown()
        guard case .fatal = outcomes[1] else { Issue.record("first: \(String(describing: outcomes[1]))"); return }
        #expect(outcomes[1]?.stopsRun == true)
        guard case let .notStarted(reply) = outcomes[2] else { Issue.record("second: \(String(describing: outcomes[2]))"); return }
        #expect(reply == SMTPConnectionPool.withdrawnReply)
        #expect(outcomes[2]?.deliveryState == .pending)
        #expect(try server.received().isEmpty)
    }

    /// The gate hears that its transaction starts before the message's first command, once per message.
    @Test func theGateHearsTheTransactionStart() async throws {
        final class CountingGate: DeliveryGate {
            let starts = Atomic<Int>(0)
            let waits = Atomic<Int>(0)
            func transactionStarts() { starts.add(1, ordering: .relaxed) }
            func waitUntilOpen() -> Bool {
                waits.add(1, ordering: .relaxed)
                return true
            }
        }
        let server = try await TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let pool = SMTPConnectionPool(configuration: try TestMessages.configuration(server, connections: 1))
        let gate = CountingGate()
        var message = TestMessages.message(1)
        message.gate = gate
        #expect(await pool.send(message).deliveryState == .sent)
        await pool.shutdown()
        #expect(gate.starts.load(ordering: .relaxed) == 1)
        #expect(gate.waits.load(ordering: .relaxed) == 1)
    }
}
