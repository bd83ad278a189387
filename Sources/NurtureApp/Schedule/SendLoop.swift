import Foundation
import Logging
import NurtureCore
import ServiceLifecycle
import Synchronization

/// The paced send loop behind `nurture run`, `run --watch` and `serve`: one pass plans, renders and sends
/// what is due (a `RunService` run); `watch` passes again when events arrive, when the next message falls
/// due (from the pacing model and the steps' delays), or at the interval, whichever comes first.
///
/// It holds the store's run lock for as long as it runs, so one scheduler sends for a store. Graceful
/// shutdown (SIGINT, SIGTERM through swift-service-lifecycle) stops it between waves: the messages in
/// flight are finished and recorded, the rest waits for the next start.
public struct SendLoop: Service {
    public enum Mode: Hashable, Sendable {
        /// One pass, then stop (`nurture run`).
        case once
        /// Pass again and again until shut down (`run --watch`, `serve`); `interval` is the longest sleep.
        case watch(interval: Duration)
    }

    /// What a pass was and what it did, for the command to print or log.
    public struct Pass: Sendable {
        public var summary: RunSummary
        /// The contacts it planned, when events woke it for them alone; empty: everyone.
        public var contacts: Set<EmailAddress>
        public var seconds: Double
    }

    public let service: RunService
    public let mode: Mode
    public let wakeup: SendLoopWakeup
    public let statistics: SendLoopStatistics
    /// The store's run lock, taken before the loop starts (so a second scheduler fails at once, naming
    /// the holder); released when the loop ends.
    let lock: any RunLock
    let progress: @Sendable (RunSummary) -> Void
    let passed: @Sendable (Pass) -> Void

    /// Takes the store's run lock (throwing `RunLockError` naming its holder) and checks the store.
    public init(
        service: RunService, mode: Mode, wakeup: SendLoopWakeup = SendLoopWakeup(), statistics: SendLoopStatistics = SendLoopStatistics(),
        progress: @escaping @Sendable (RunSummary) -> Void = { _ in }, passed: @escaping @Sendable (Pass) -> Void = { _ in }
    ) throws {
        if let only = service.options.only, try service.store.contact(email: only) == nil {
            throw NurtureError("no contact \(only) in the store")
        }
        self.lock = try service.store.lockRun()
        do {
            try service.checkIntegrity()
        } catch {
            lock.release()
            throw error
        }
        // One pacing budget for all the loop's runs.
        var service = service
        if service.carriedPacer == nil { service.carriedPacer = CarriedPacer() }
        self.service = service
        self.mode = mode
        self.wakeup = wakeup
        self.statistics = statistics
        self.progress = progress
        self.passed = passed
    }

    public func run() async throws {
        defer { lock.release() }
        // The first pass, and one after each wait that no event ended (the next message's due time, or
        // the interval), look at everyone; a wait that events ended looks at their contacts, unless a
        // whole interval has gone by without a pass over everyone (a steady stream of events).
        var work = SendLoopWakeup.Work(everyone: true)
        var lastEveryone = ContinuousClock.now
        while true {
            if work.everyone { lastEveryone = ContinuousClock.now }
            let pass = try await self.pass(work)
            passed(pass)
            if mode == .once || pass.summary.cancelled { return }
            guard case let .watch(interval) = mode, !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            let wait = Self.sleep(after: pass.summary, nextDue: state.nextDue, now: service.clock(), interval: interval)
            await withGracefulShutdownHandler {
                await wakeup.wait(timeout: wait)
            } onGracefulShutdown: {
                wakeup.interrupt()
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            work = wakeup.take()
            // Narrowed to the command's --contact, events for anyone else wait for a pass over everyone.
            if work.isEmpty || service.options.only != nil || ContinuousClock.now - lastEveryone >= interval {
                work = SendLoopWakeup.Work(everyone: true)
            }
        }
    }

    /// How long to wait after a pass: until the next message falls due, at most `interval`. Claimed messages
    /// still due go again soon, unless the relay stopped the pass (authentication, policy, a silent relay:
    /// trying again at once would repeat the failure; wait the interval) or a cap holds them (until it lifts).
    static func sleep(after summary: RunSummary, nextDue: Date?, now: Date, interval: Duration) -> Duration {
        if summary.fatal != nil || summary.stoppedAfterUnknown != nil { return interval }
        var due = nextDue
        if let hold = summary.relayHold {
            due = hold.until
        } else if summary.stillDue > 0 {
            due = now.addingTimeInterval(1)
        }
        guard let due else { return interval }
        let seconds = due.timeIntervalSince(now)
        if seconds <= 0 { return .milliseconds(100) }
        return min(interval, .milliseconds(Int64(min(seconds, 86_400) * 1000)))
    }

    private let state = LoopState()

    /// One pass: everyone, or only the contacts events named (a run each, with the one carried pacer);
    /// cancelled (between waves) on graceful shutdown.
    private func pass(_ work: SendLoopWakeup.Work) async throws -> Pass {
        let started = ContinuousClock.now
        // Everyone: as the command asked (all contacts, or its --contact).
        let contacts: [EmailAddress?] = work.everyone ? [service.options.only] : work.contacts.sorted { $0.value < $1.value }.map { $0 }
        var total = RunSummary()
        for contact in contacts {
            var options = service.options
            options.only = contact
            let run = service.with(options: options)
            let progress = self.progress
            let summary = try await cancelWhenGracefulShutdown {
                try await run.runHoldingLock { progress($0) }
            }
            total.add(summary)
            if summary.cancelled || summary.fatal != nil || summary.stoppedAfterUnknown != nil { break }
        }
        // A targeted pass sees only its contacts: keep the earlier everyone-pass's due time too.
        state.nextDue = work.everyone ? total.nextDue : [total.nextDue, state.nextDue].compactMap { $0 }.min()
        let seconds = RunService.seconds(ContinuousClock.now - started)
        statistics.passFinished(total, everyone: work.everyone, seconds: seconds, at: service.clock())
        return Pass(summary: total, contacts: work.everyone ? [] : work.contacts, seconds: seconds)
    }
}

/// What the loop keeps between passes (it is a value; its passes run one after another).
final class LoopState: Sendable {
    private let due = Mutex<Date?>(nil)
    /// The earliest time something held back falls due, as the last passes saw it.
    var nextDue: Date? {
        get { due.withLock { $0 } }
        set { due.withLock { $0 = newValue } }
    }
}
