import Foundation
import NurtureCore

/// Hands messages from async callers to the worker threads, and runs Swift tasks that prefer the pool's
/// threads (`SMTPConnectionPool.preferredExecutor`): a send loop running there hands a message to a
/// connection, and hears its outcome, without a thread switch. A worker takes a queued message before the
/// tasks; the one worker of a one-connection pool also runs the tasks while that message's transaction waits
/// for the server (`CurlIdleWork`): the send loop's turn after an outcome then overlaps the next message
/// instead of delaying it. Every mutable field is guarded by `condition`.
final class SMTPWorkQueue: TaskExecutor, CurlIdleWork, @unchecked Sendable {
    struct Job {
        let message: OutgoingMessage
        let continuation: CheckedContinuation<DeliveryOutcome, Never>
    }

    /// What a worker does next: deliver a queued message (running the tasks while it waits for the server), or
    /// run a waiting Swift task (it may be the one that hands out the next message).
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
    /// Interrupts the wait of the transaction running on the worker that runs tasks meanwhile, if one does, and
    /// that worker's thread: a task it queues itself (from a task it runs) needs no wake-up, it is not waiting.
    private var waker: (waker: CurlWaker, thread: pthread_t)?

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
        // Under the lock: the transfer cannot end, and its multi handle go, while the wake-up is on its way.
        if let waker, pthread_equal(waker.thread, pthread_self()) == 0 { waker.waker.wake() }
        condition.unlock()
    }

    /// Runs the first waiting task, if any, on the calling worker (`CurlIdleWork`, while a transaction waits).
    func runOne() -> Bool {
        condition.lock()
        guard !tasks.isEmpty else {
            condition.unlock()
            return false
        }
        let task = tasks.removeFirst()
        condition.unlock()
        task.runSynchronously(on: asUnownedTaskExecutor())
        return true
    }

    /// A task queued from now on interrupts the running transaction's wait (`CurlIdleWork`); nil: none runs.
    func wake(with waker: CurlWaker?) {
        condition.lock()
        self.waker = waker.map { ($0, pthread_self()) }
        let waiting = !tasks.isEmpty
        condition.unlock()
        if waiting { waker?.wake() }
    }

    /// Ends every queued message `.notStarted` (a message before them ended in a way that stops the run).
    func withdrawQueued(reply: String) {
        condition.lock()
        let withdrawn = jobs
        jobs = []
        condition.unlock()
        for job in withdrawn {
            job.continuation.resume(returning: .notStarted(reply: reply))
        }
    }

    /// The next work for a worker, a message first; blocks while there is none; nil once the queue is shut down
    /// and no task waits (the worker then stops taking work).
    func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && tasks.isEmpty && !isShutDown {
            condition.wait()
        }
        // Shutting down empties `jobs`.
        if !jobs.isEmpty { return .message(jobs.removeFirst()) }
        if !tasks.isEmpty { return .task(tasks.removeFirst()) }
        servingWorkers -= 1
        return nil
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
