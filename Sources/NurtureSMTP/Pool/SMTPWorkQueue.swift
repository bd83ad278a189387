import Foundation
import NurtureCore

/// Hands messages from async callers to the worker threads, and runs Swift tasks that prefer the pool's
/// threads (`SMTPConnectionPool.preferredExecutor`): a send loop running there hands a message to a
/// connection, and hears its outcome, without a thread switch. Every mutable field is guarded by `condition`.
final class SMTPWorkQueue: TaskExecutor, @unchecked Sendable {
    struct Job {
        let message: OutgoingMessage
        let continuation: CheckedContinuation<DeliveryOutcome, Never>
    }

    /// What a worker does next: run a waiting Swift task first (it may be the one that hands out the next
    /// message), then deliver a message.
    enum Work {
        case task(UnownedJob)
        case message(Job)
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var tasks: [UnownedJob] = []
    private var isShutDown = false
    /// Workers still taking work; once none is, tasks go to the global executor.
    private var servingWorkers: Int
    private var runningWorkers: Int
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    init(workers: Int) {
        servingWorkers = workers
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

    /// A Swift task's job, run by the next free worker; by the global executor once the workers have stopped.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        guard servingWorkers > 0 else {
            condition.unlock()
            globalConcurrentExecutor.enqueue(job)
            return
        }
        tasks.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The next work for a worker; blocks while there is none; nil once the queue is shut down and no task
    /// waits (the worker then stops taking work).
    func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && tasks.isEmpty && !isShutDown {
            condition.wait()
        }
        if !tasks.isEmpty { return .task(tasks.removeFirst()) }
        if isShutDown {
            servingWorkers -= 1
            return nil
        }
        return .message(jobs.removeFirst())
    }

    /// Refuses new work, ends the queued jobs `.deferred`, and wakes the workers so they exit after
    /// their current message (and the tasks waiting for them).
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
