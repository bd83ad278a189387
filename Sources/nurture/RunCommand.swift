import ArgumentParser
import Foundation
import Logging
import NurtureApp
import NurtureCore
import ServiceLifecycle
import Synchronization

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan, render and send what is due, recording every message in the ledger.",
        discussion: """
            Exit status: 0 when everything attempted was sent or will be retried; 3 when a message failed, \
            bounced or has an unknown outcome (an interrupted earlier run's too); 1 when the server stopped the run \
            (authentication, policy), on a signal (SIGINT, SIGTERM, SIGHUP) or on error. \
            With --watch it keeps running: it sends again when the next message falls due or at the interval, \
            until SIGINT or SIGTERM. \
            SMTP settings come from NURTURE_SMTP_URL, NURTURE_SMTP_USER and NURTURE_SMTP_PASSWORD(_FILE), or the flags; \
            the DKIM key from NURTURE_DKIM_KEY_FILE (and NURTURE_DKIM_ED25519_KEY_FILE), or --dkim-key; \
            the secret that signs unsubscribe links from NURTURE_SECRET or NURTURE_SECRET_FILE.
            """
    )

    @OptionGroup var sending: SendingOptions
    @OptionGroup var clock: ClockOptions
    @Option(help: "Send at most this many messages.") var limit: Int?
    @Flag(help: "Render and report what would be sent, without sending or writing anything.") var dryRun = false
    @Flag(help: "Keep running: send as messages fall due, until stopped (one scheduler per store).") var watch = false
    @Option(help: ArgumentHelp("With --watch: the longest wait between passes (90s, 5m, 1h).", valueName: "duration"))
    var interval: String = "60s"

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if watch && dryRun { throw ValidationError("--watch and --dry-run do not go together: a dry run looks once") }
        if watch && limit != nil { throw ValidationError("--watch and --limit do not go together") }
        _ = try IntervalOption.parse(interval)
    }

    func run() async throws {
        let start = try clock.now()
        var status: Int32 = 0
        try await reportingErrorsAsync {
            let setup = try SendingSetup(sending, sending: !dryRun)
            if dryRun {
                let output = FileHandleOutput(.standardOutput)
                let composedAny = try DryRun(store: setup.store, composers: setup.composers)
                    .report(now: start, only: try sending.campaign.only(), limit: limit, to: output)
                output.flush()
                setup.signing.printWarnings(composedAny: composedAny)
                return
            }
            let (service, transport) = try setup.runService(sending, limit: limit, clock: movingClock(from: start))
            // A bar needs a total: on a terminal, count first (a read-only planning pass).
            let progress = ProgressReporter(total: ProgressReporter.isTerminal && !watch ? try service.dueCount(now: start) : nil)
            let passes = PassTotals()
            let mode: SendLoop.Mode = watch ? .watch(interval: try IntervalOption.parse(interval)) : .once
            let loop = try SendLoop(service: service, mode: mode, progress: { progress.update($0) }, passed: { pass in
                progress.finish()
                passes.add(pass.summary)
                if watch { SendLoopLog.log(pass, logger: service.logger) }
            })
            try await runSendingGroup(
                [.init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "send loop")],
                transport: transport, logger: Logger(label: "nurture.lifecycle"))
            guard let summary = passes.value else { return }
            let output = FileHandleOutput(.standardOutput)
            RunReport(summary, limit: limit).print(to: output)
            output.flush()
            setup.signing.printWarnings(composedAny: summary.attempted > 0)
            status = summary.exitStatus
            // A signal is how a watching run ends: that alone is no failure.
            if watch && status == 1 && summary.fatal == nil { status = 0 }
        }
        if status != 0 { throw ExitCode(status) }
    }

}

/// What the loop's passes did together, for the closing report and the exit status (with --watch, an
/// `unknown` of an early pass still makes it 3).
final class PassTotals: Sendable {
    private let stored = Mutex<RunSummary?>(nil)
    var value: RunSummary? { stored.withLock { $0 } }

    func add(_ summary: RunSummary) {
        stored.withLock { total in
            guard var sum = total else {
                total = summary
                return
            }
            // Holds and due counts describe the latest pass, not a sum.
            sum.held = [:]
            sum.heldExample = [:]
            sum.stillDue = 0
            sum.relayHold = nil
            sum.add(summary)
            total = sum
        }
    }
}
