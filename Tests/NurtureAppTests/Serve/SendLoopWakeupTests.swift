import Foundation
@testable import NurtureApp
import NurtureCore
import Testing

/// `SendLoopWakeup`: nothing that arrives while the loop is busy is lost, and many contacts become one
/// pass over everyone.
///
/// No upper bound on time is asserted (other tests share the threads, and a busy machine can delay a task
/// by many seconds): a wait that should end early has a 10-minute timeout, and the suite's time limit fails
/// a test whose wait did not end.
@Suite(.timeLimit(.minutes(3)))
struct SendLoopWakeupTests {
    static let long = Duration.seconds(600)

    @Test func aWakeWhileNobodyWaitsEndsTheNextWaitAtOnce() async {
        let wakeup = SendLoopWakeup()
        wakeup.wake(contacts: [AppFixture.address("ann@acme.example")])
        await wakeup.wait(timeout: Self.long)
        #expect(wakeup.take() == SendLoopWakeup.Work(contacts: [AppFixture.address("ann@acme.example")]))
        #expect(wakeup.take().isEmpty, "taking clears")
    }

    @Test func aWakeEndsAWaitInProgress() async {
        let wakeup = SendLoopWakeup()
        let waiting = Task {
            await wakeup.wait(timeout: Self.long)
            return (wakeup.take(), ContinuousClock.now)
        }
        try? await Task.sleep(for: .milliseconds(300))
        let woken = ContinuousClock.now
        wakeup.wake(contacts: [AppFixture.address("bo@acme.example")])
        let (work, ended) = await waiting.value
        #expect(work.contacts == [AppFixture.address("bo@acme.example")])
        #expect(ended >= woken, "the wake ended the wait")
    }

    @Test func theTimeoutEndsAWaitWithNoWork() async {
        let wakeup = SendLoopWakeup()
        let started = ContinuousClock.now
        await wakeup.wait(timeout: .milliseconds(200))
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        #expect(wakeup.take().isEmpty)
    }

    @Test func cancellingTheTaskEndsItsWait() async {
        let wakeup = SendLoopWakeup()
        let waiting = Task { await wakeup.wait(timeout: Self.long) }
        try? await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        await waiting.value
        #expect(wakeup.take().isEmpty, "cancelled, not woken")
    }

    /// A wait that a wake ended leaves no timer behind that would cut the next wait short.
    @Test func anEarlierWaitsTimerDoesNotEndALaterWait() async throws {
        let wakeup = SendLoopWakeup()
        let first = Task { await wakeup.wait(timeout: .milliseconds(150)) }
        try await Task.sleep(for: .milliseconds(140))
        wakeup.wake(contacts: [AppFixture.address("cy@acme.example")])
        await first.value
        _ = wakeup.take()
        let started = ContinuousClock.now
        await wakeup.wait(timeout: .milliseconds(600))
        #expect(ContinuousClock.now - started >= .milliseconds(600))
    }

    @Test func afterInterruptEveryWaitReturnsAtOnce() async {
        let wakeup = SendLoopWakeup()
        wakeup.interrupt()
        await wakeup.wait(timeout: Self.long)
        await wakeup.wait(timeout: Self.long)
        #expect(wakeup.take().isEmpty, "interrupted, not woken")
    }

    @Test func manyContactsBecomeOnePassOverEveryone() {
        let wakeup = SendLoopWakeup()
        let many = (0...SendLoopWakeup.targetedLimit).map { AppFixture.address("c\($0)@acme.example") }
        wakeup.wake(contacts: many)
        wakeup.wake(contacts: [AppFixture.address("late@acme.example")])
        #expect(wakeup.take() == SendLoopWakeup.Work(contacts: [], everyone: true))
    }
}

/// `SendLoop.sleep(after:…)`: how long the loop waits after a pass.
struct SendLoopSleepTests {
    static let now = AppFixture.now
    static let interval = Duration.seconds(60)

    @Test func untilTheNextMessageFallsDueAtMostTheInterval() {
        #expect(SendLoop.sleep(after: RunSummary(), nextDue: nil, now: Self.now, interval: Self.interval) == Self.interval)
        #expect(SendLoop.sleep(after: RunSummary(), nextDue: Self.now.addingTimeInterval(5), now: Self.now, interval: Self.interval) == .seconds(5))
        #expect(SendLoop.sleep(after: RunSummary(), nextDue: Self.now.addingTimeInterval(3600), now: Self.now, interval: Self.interval) == Self.interval)
        #expect(SendLoop.sleep(after: RunSummary(), nextDue: Self.now.addingTimeInterval(-5), now: Self.now, interval: Self.interval) == .milliseconds(100))
    }

    @Test func claimedMessagesStillDueGoAgainSoonUnlessTheRelayStoppedThePass() {
        var throttled = RunSummary()
        throttled.stillDue = 3
        #expect(SendLoop.sleep(after: throttled, nextDue: nil, now: Self.now, interval: Self.interval) == .seconds(1))
        // A relay that refused the login or went silent: not again at once (that would repeat it ten times a
        // second, and a silent relay would leave one more message unknown each time).
        var refused = throttled
        refused.fatal = "535 5.7.8 authentication failed"
        #expect(SendLoop.sleep(after: refused, nextDue: Self.now, now: Self.now, interval: Self.interval) == Self.interval)
        var silent = throttled
        silent.stoppedAfterUnknown = "no reply after the final dot"
        #expect(SendLoop.sleep(after: silent, nextDue: Self.now, now: Self.now, interval: Self.interval) == Self.interval)
        // A cap: until it lifts.
        var capped = throttled
        capped.relayHold = PacingHold(until: Self.now.addingTimeInterval(20), rule: .relayHourlyCap, reason: "cap")
        #expect(SendLoop.sleep(after: capped, nextDue: nil, now: Self.now, interval: Self.interval) == .seconds(20))
    }
}
