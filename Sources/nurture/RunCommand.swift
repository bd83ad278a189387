import ArgumentParser
import Foundation
import Synchronization
import Logging
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender
import NurtureSMTP
import NurtureStore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan, render and send what is due, recording every message in the ledger.",
        discussion: """
            Exit status: 0 when everything attempted was sent or will be retried; 3 when a message failed, \
            bounced or has an unknown outcome (an interrupted earlier run's too); 1 when the server stopped the run \
            (authentication, policy), on a signal (SIGINT, SIGTERM, SIGHUP) or on error. \
            SMTP settings come from NURTURE_SMTP_URL, NURTURE_SMTP_USER and NURTURE_SMTP_PASSWORD(_FILE), or the flags; \
            the DKIM key from NURTURE_DKIM_KEY_FILE (and NURTURE_DKIM_ED25519_KEY_FILE), or --dkim-key.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var campaign: CampaignSetOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var dkim: DKIMOptions
    @Option(help: "SMTP connections (messages in flight at once).") var connections: Int = 4
    @Option(help: "Send at most this many messages.") var limit: Int?
    @Flag(help: "Render and report what would be sent, without sending or writing anything.") var dryRun = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard (1...64).contains(connections) else { throw ValidationError("--connections must be between 1 and 64") }
    }

    func run() async throws {
        let start = try clock.now()
        // With --at, the run's clock starts there and moves with real time.
        let origin = ContinuousClock.now
        let clockFunction: @Sendable () -> Date = { start.addingTimeInterval(Self.seconds(ContinuousClock.now - origin)) }
        var status: Int32 = 0
        try await reportingErrorsAsync {
            let loadedAll = try campaign.load()
            let signing = try dkim.setup(for: loadedAll)
            let composers = try loadedAll.map { loaded in
                // A dry run shows no message bytes: nothing to sign.
                MessageComposer(campaign: loaded.campaign, templates: try TemplateLibrary(directory: loaded.templatesDirectory),
                                signer: dryRun ? nil : signing.signers[loaded.campaign.name])
            }
            let opened = dryRun ? try StoreOpener.openForReading(path: store.db) : try StoreOpener.open(path: store.db, create: false)
            let validation = CampaignValidation(customFields: try opened.customFieldNames())
            for loaded in loadedAll { try validation.requireSendable(loaded) }
            if dryRun {
                let planning = CampaignPlanning(store: opened, campaigns: loadedAll.map(\.campaign))
                let byName = Dictionary(uniqueKeysWithValues: composers.map { ($0.campaign.name, $0) })
                let report = try RunRehearsal(planning: planning, composers: byName).run(now: start, only: try campaign.only(), limit: limit) { message, _ in
                    let prefix = loadedAll.count > 1 ? "\(message.campaign)/" : ""
                    print("would send \(prefix)\(message.send.step) to \(message.envelope.recipient): \(message.rendered.subject)")
                    return message.messageID
                }
                for line in report.lines { print(line) }
                signing.printWarnings(composedAny: !report.written.isEmpty)
                if let ledger = opened as? any SendLedger {
                    var retries: [LedgerEntry] = []
                    var inFlight: [LedgerEntry] = []
                    for loaded in loadedAll {
                        retries += try ledger.resumable(campaign: loaded.campaign.name, contact: try campaign.only(), now: start, limit: 100_000)
                        inFlight += try ledger.entries(LedgerQuery(campaign: loaded.campaign.name, contact: try campaign.only(), states: [.sending]))
                    }
                    if !retries.isEmpty { print("\(retries.count) earlier message\(retries.count == 1 ? "" : "s") pending or due for retry would be sent first") }
                    if !inFlight.isEmpty { print("\(inFlight.count) message\(inFlight.count == 1 ? "" : "s") of an interrupted run would be marked unknown") }
                }
                print("dry run: nothing was sent and nothing was recorded")
                return
            }
            guard let ledgerStore = opened as? any NurtureStore & SendLedger else { throw NurtureError("this store has no send ledger") }
            let transport = SMTPConnectionPool(configuration: try smtp.configuration(connections: connections))
            let service = RunService(
                store: ledgerStore, composers: composers, transport: transport,
                options: RunOptions(connections: connections, limit: limit, only: try campaign.only()), clock: clockFunction
            )
            // Ctrl-C or SIGTERM: finish the messages in flight, record them, release the lock, then stop.
            // A bar needs a total: on a terminal, count first (a read-only planning pass).
            let total = ProgressReporter.isTerminal ? try service.dueCount(now: start) : nil
            let task = Task {
                let progress = ProgressReporter(total: total)
                defer { progress.finish() }
                return try await service.run { progress.update($0) }
            }
            // A second signal while a silent server is awaited: end the transaction now (recorded `unknown`).
            let signals = StopSignals { count in
                if count == 1 {
                    task.cancel()
                } else {
                    if count == 2 { printError("nurture: second signal: ending the message in flight without waiting for its reply") }
                    transport.abortInFlight()
                }
            }
            let summary: RunSummary
            do {
                summary = try await task.value
            } catch {
                signals.cancel()
                await transport.shutdown()
                throw error
            }
            signals.cancel()
            await transport.shutdown()
            print(summary.line)
            for line in summary.pacingLines { print(line) }
            signing.printWarnings(composedAny: summary.attempted > 0)
            for skipped in summary.skipped { printError("skipped \(skipped.contact): \(skipped.reason)") }
            if summary.interrupted > 0 {
                printError("\(summary.interrupted) message(s) of an interrupted run may have been delivered: `nurture ledger --unknown`, then `nurture ledger resolve`")
            }
            if let fatal = summary.fatal {
                printError("nurture: the SMTP server stopped the run: \(fatal)")
            } else if let reply = summary.stoppedAfterUnknown {
                printError("nurture: stopped after a message's outcome became unknown (\(reply)); the relay may be stuck, so the rest stays queued for the next run")
            } else if summary.cancelled {
                printError("nurture: stopped by a signal after recording the messages in flight; the rest goes out on the next run")
            } else if summary.reachedLimit {
                printError("stopped at --limit \(limit ?? 0); the rest goes out on the next run")
            }
            status = summary.exitStatus
        }
        if status != 0 { throw ExitCode(status) }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

/// SIGINT, SIGTERM and SIGHUP (a closed terminal, a dropped ssh connection) call `handler` with the number
/// of stop signals received so far (1 for the first, whichever it was) instead of killing the process,
/// until cancelled.
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    private final class Count: Sendable {
        let value = Atomic<Int>(0)
    }

    init(_ handler: @escaping @Sendable (Int) -> Void) {
        let queue = DispatchQueue(label: "nurture.stop-signals")
        let received = Count()
        sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let count = received.value.add(1, ordering: .relaxed).newValue
                handler(count)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        signal(SIGHUP, SIG_DFL)
    }
}

/// Progress on standard error: a bar redrawn in place on a terminal, a plain line every 100 messages
/// otherwise (logs and cron mail).
final class ProgressReporter {
    static let isTerminal = isatty(STDERR_FILENO) == 1
    private let total: Int?
    private var lastReported = 0
    private let started = ContinuousClock.now

    init(total: Int?) { self.total = total }

    /// Messages per second since the run started: the effective rate, pacing and throttling included.
    private func rate(_ done: Int) -> String {
        let elapsed = RunCommand.seconds(ContinuousClock.now - started)
        return elapsed > 0 ? String(format: "%.1f msg/s", Double(done) / elapsed) : "-"
    }

    /// The relay's rate limit in force, once throttling or configuration set one.
    private func limit(_ summary: RunSummary) -> String {
        guard let rate = summary.finalRate else { return "" }
        let throttles = summary.throttles == 1 ? "1 throttle" : "\(summary.throttles) throttles"
        return String(format: " (relay limit %.2f msg/s", rate) + " after \(throttles))"
    }

    func update(_ summary: RunSummary) {
        let done = summary.attempted
        if Self.isTerminal, let total, total > 0 {
            let width = 30
            let filled = min(width, done * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            printErrorRaw("\r[\(bar)] \(done)/\(total)  \(rate(done))\(limit(summary))  \(summary.line)\u{1B}[K")
        } else if Self.isTerminal {
            printErrorRaw("\r\(done) attempted  \(rate(done))\(limit(summary))  \(summary.line)\u{1B}[K")
        } else if done / 100 > lastReported / 100 {
            printError("progress: \(rate(done))\(limit(summary)): \(summary.line)")
        }
        lastReported = done
    }

    func finish() {
        if Self.isTerminal && lastReported > 0 { printErrorRaw("\n") }
    }
}
