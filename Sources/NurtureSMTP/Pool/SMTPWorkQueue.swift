import Foundation
import NurtureCore

/// Hands messages from async callers to the worker threads. Every mutable field is guarded by `condition`.
final class SMTPWorkQueue: @unchecked Sendable {
    struct Job {
        let message: OutgoingMessage
        let continuation: CheckedContinuation<DeliveryOutcome, Never>
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var isShutDown = false
    private var runningWorkers: Int
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    init(workers: Int) {
        runningWorkers = workers
    }

    /// Queues a job, or ends it at once (`.deferred`, nothing sent) after shutdown.
    func submit(_ job: Job) {
        condition.lock()
        if isShutDown {
            condition.unlock()
            job.continuation.resume(returning: .deferred(reply: "not sent: the SMTP transport is shut down"))
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The next job for a worker; blocks while there is none; nil once the queue is shut down.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !isShutDown {
            condition.wait()
        }
        if isShutDown { return nil }
        return jobs.removeFirst()
    }

    /// Refuses new work, ends the queued jobs `.deferred`, and wakes the workers so they exit after
    /// their current message.
    func beginShutdown() {
        condition.lock()
        isShutDown = true
        let abandoned = jobs
        jobs = []
        condition.broadcast()
        condition.unlock()
        for job in abandoned {
            job.continuation.resume(returning: .deferred(reply: "not sent: the SMTP transport was shut down"))
        }
    }

    /// Resumes `waiter` once every worker thread has exited.
    func whenStopped(_ waiter: CheckedContinuation<Void, Never>) {
        condition.lock()
        if runningWorkers == 0 {
            condition.unlock()
            waiter.resume()
            return
        }
        shutdownWaiters.append(waiter)
        condition.unlock()
    }

    func workerDidExit() {
        condition.lock()
        runningWorkers -= 1
        let waiters = runningWorkers == 0 ? shutdownWaiters : []
        if runningWorkers == 0 { shutdownWaiters = [] }
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }
}
