import Foundation
import Logging
import NurtureCore

/// A `MailTransport` over K persistent SMTP connections, each driven by its own thread (blocking
/// `curl_easy_perform` calls never run on Swift's cooperative pool). `send` suspends until a worker has
/// finished the transaction. A message whose caller is cancelled is still delivered.
public final class SMTPConnectionPool: MailTransport {
    public let configuration: SMTPConfiguration
    private let queue: SMTPWorkQueue
    private let logger: Logger
    private let abort = SMTPAbortSwitch()

    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "nurture.smtp")) {
        self.configuration = configuration
        self.logger = logger
        self.queue = SMTPWorkQueue(workers: configuration.connections)
        for index in 0..<configuration.connections {
            let queue = self.queue
            let abort = self.abort
            let thread = Thread {
                SMTPConnectionPool.work(queue: queue, configuration: configuration, abort: abort, logger: logger)
            }
            thread.name = "nurture-smtp-\(index)"
            thread.start()
        }
        logger.debug("SMTP pool started", metadata: ["configuration": "\(configuration)"])
    }

    deinit {
        queue.beginShutdown()
    }

    public func send(_ message: OutgoingMessage) async -> DeliveryOutcome {
        if let problem = SMTPMessageCheck.problem(in: message, policy: configuration.addressPolicy) {
            logger.warning("message refused before sending", metadata: ["ledger": "\(message.ledgerID)", "reason": "\(problem)"])
            return .failed(reply: problem)
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

    private static func work(queue: SMTPWorkQueue, configuration: SMTPConfiguration, abort: SMTPAbortSwitch, logger: Logger) {
        let connection = SMTPConnection(configuration: configuration, abort: abort)
        while let job = queue.next() {
            let outcome = connection.deliver(job.message)
            logger.debug("SMTP transaction finished", metadata: [
                "ledger": "\(job.message.ledgerID)", "outcome": "\(outcome)", "thread": "\(Thread.current.name ?? "?")",
            ])
            job.continuation.resume(returning: outcome)
        }
        connection.close()
        queue.workerDidExit()
    }
}
