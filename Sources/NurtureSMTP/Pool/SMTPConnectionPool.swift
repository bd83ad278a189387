import Foundation
import Logging
import NurtureCore
import Synchronization

/// A `MailTransport` over K persistent SMTP connections, each driven by its own thread (libcurl's blocking
/// calls never run on Swift's cooperative pool). `send` suspends until a worker has finished the transaction.
/// A message whose caller is cancelled is still delivered. The threads also run the tasks that prefer
/// `preferredExecutor` between messages, so a send loop there hears an outcome and hands out the next message on
/// the thread that just finished one, with no thread switch. At one connection the thread runs them while a
/// transaction waits for the server too, and it takes one message ahead (`messagesAhead`), which starts as soon
/// as the one before it ends, while the send loop hears of that one.
public final class SMTPConnectionPool: MailTransport {
    public let configuration: SMTPConfiguration
    private let queue: SMTPWorkQueue
    private let logger: Logger
    private let abort = SMTPAbortSwitch()
    /// The MAIL FROM envelope address the last message that passed `SMTPMessageCheck` had.
    private let checkedSender = Mutex<String?>(nil)

    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "nurture.smtp")) {
        self.configuration = configuration
        self.logger = logger
        self.queue = SMTPWorkQueue(workers: configuration.connections)
        for index in 0..<configuration.connections {
            let queue = self.queue
            let abort = self.abort
            let name = "nurture-smtp-\(index)"
            let thread = Thread {
                // Named from inside: the system thread then carries the name too (perf, gdb, tests).
                Thread.current.name = name
                SMTPConnectionPool.work(queue: queue, configuration: configuration, abort: abort, logger: logger)
            }
            thread.name = name
            thread.start()
        }
        logger.debug("SMTP pool started", metadata: ["configuration": "\(configuration)"])
    }

    deinit {
        queue.beginShutdown()
    }

    /// The connections' threads as a task executor: a task that prefers it is resumed with an outcome on the
    /// thread that delivered the message, runs there before that thread takes its next message, and the message
    /// it hands over usually goes out on that same thread. At eight connections this halved the thread switches
    /// against a send loop on the default executor, once a commit woke only the gates it opened.
    public var preferredExecutor: (any TaskExecutor)? { queue }

    /// At one connection, one: the next message waits in the queue, so the connection starts it the moment the
    /// one before ends, and the send loop's turn after that outcome runs while the next message's transaction
    /// waits for the server. With more connections, none: while one connection waits for the send loop's turn,
    /// the others keep the relay busy.
    public var messagesAhead: Int { configuration.connections == 1 ? 1 : 0 }

    public func send(_ message: OutgoingMessage) async -> DeliveryOutcome {
        let checked = checkedSender.withLock { $0 }
        if let problem = SMTPMessageCheck.problem(in: message, policy: configuration.addressPolicy, checkedSender: checked) {
            logger.warning("message refused before sending", metadata: ["ledger": "\(message.ledgerID)", "reason": "\(problem)"])
            return .failed(reply: problem)
        }
        if message.envelope.mailFrom.envelope != checked {
            checkedSender.withLock { $0 = message.envelope.mailFrom.envelope }
        }
        return await withCheckedContinuation { continuation in
            queue.submit(SMTPWorkQueue.Job(message: message, continuation: continuation))
        }
    }

    /// Ends queued messages `.deferred`, lets in-flight ones finish, and waits for the threads to exit.
    public func shutdown() async {
        queue.beginShutdown()
        await withCheckedContinuation { continuation in queue.whenStopped(continuation) }
    }

    /// Ends the transactions in flight now instead of waiting for their replies (a second stop signal):
    /// a message whose body was handed over becomes `unknown`, and is recorded so; later ones are not sent.
    public func abortInFlight() {
        abort.pull()
        queue.beginShutdown()
    }

    static let withdrawnReply = "not started: a message before it ended in a way that stops the run"

    private static func work(queue: SMTPWorkQueue, configuration: SMTPConfiguration, abort: SMTPAbortSwitch, logger: Logger) {
        // Only the one connection's thread runs tasks while its transaction waits (`CurlIdleWork`).
        let connection = SMTPConnection(configuration: configuration, abort: abort, idleWork: configuration.connections == 1 ? queue : nil)
        while let work = queue.next() {
            let job: SMTPWorkQueue.Job
            switch work {
            case let .task(task):
                task.runSynchronously(on: queue.asUnownedTaskExecutor())
                continue
            case let .message(message):
                job = message
            }
            let outcome = connection.deliver(job.message)
            logger.debug("SMTP transaction finished", metadata: [
                "ledger": "\(job.message.ledgerID)", "outcome": "\(outcome)", "thread": "\(Thread.current.name ?? "?")",
            ])
            job.continuation.resume(returning: outcome)
            // The messages queued behind one that stops the run never start: the send loop puts them back. Its
            // outcome goes first, so that the loop stops before it hears of them (and queues no more).
            if outcome.stopsRun { queue.withdrawQueued(reply: Self.withdrawnReply) }
        }
        connection.close()
        queue.workerDidExit()
    }
}
