import Foundation
@testable import NurtureApp
import NurtureCore
import Testing

/// `SendLoopWakeup`: nothing that arrives while the loop is busy is lost, and many contacts become one
/// pass over everyone.
struct SendLoopWakeupTests {
    @Test func aWakeWhileNobodyWaitsEndsTheNextWaitAtOnce() async {
        let wakeup = SendLoopWakeup()
        wakeup.wake(contacts: [AppFixture.address("ann@acme.example")])
        let started = ContinuousClock.now
        await wakeup.wait(timeout: .seconds(30))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(wakeup.take() == SendLoopWakeup.Work(contacts: [AppFixture.address("ann@acme.example")]))
        #expect(wakeup.take().isEmpty, "taking clears")
    }

    @Test func aWakeEndsAWaitInProgress() async {
        let wakeup = SendLoopWakeup()
        let waiting = Task {
            await wakeup.wait(timeout: .seconds(30))
            return wakeup.take()
        }
        try? await Task.sleep(for: .milliseconds(100))
        wakeup.wake(contacts: [AppFixture.address("bo@acme.example")])
        let work = await waiting.value
        #expect(work.contacts == [AppFixture.address("bo@acme.example")])
    }

    @Test func theTimeoutEndsAWaitWithNoWork() async {
        let wakeup = SendLoopWakeup()
        await wakeup.wait(timeout: .milliseconds(50))
        #expect(wakeup.take().isEmpty)
    }

    @Test func manyContactsBecomeOnePassOverEveryone() {
        let wakeup = SendLoopWakeup()
        let many = (0...SendLoopWakeup.targetedLimit).map { AppFixture.address("c\($0)@acme.example") }
        wakeup.wake(contacts: many)
        wakeup.wake(contacts: [AppFixture.address("late@acme.example")])
        #expect(wakeup.take() == SendLoopWakeup.Work(contacts: [], everyone: true))
    }
}
