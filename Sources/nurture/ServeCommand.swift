import ArgumentParser
import Foundation
import Logging
import NurtureApp
import NurtureCore
import NurtureServer
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run by itself: take events over HTTP, answer unsubscribes, and send as messages fall due.",
        discussion: """
            One process: HTTP (POST /events, GET and POST /unsubscribe?t=TOKEN, GET /healthz, GET /metrics) and the \
            paced send loop, which wakes when an event arrives, when the next message falls due, or at --interval. \
            SIGINT or SIGTERM stops it after the messages in flight are recorded. One scheduler per store: a second \
            `serve` or `run` on the store refuses. \
            POST /events needs NURTURE_API_TOKEN (or NURTURE_API_TOKEN_FILE): as a bearer token, or to sign the body \
            (X-Nurture-Timestamp, X-Nurture-Signature: sha256=HMAC of "TIMESTAMP.BODY"). Unsubscribe links are signed \
            with NURTURE_SECRET or NURTURE_SECRET_FILE (one secret a line: the first signs, all verify, for rotation). \
            A plain HTML form posts without a header: it carries NURTURE_FORM_KEY as its form_key field, and may then \
            only record a conversion (form, download, sign-up, registration), never a stage or a score.
            """
    )

    @OptionGroup var sending: SendingOptions
    @Option(help: ArgumentHelp("Address and port to listen on (put TLS in front: see the README).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"
    @Option(help: ArgumentHelp("The longest wait between passes (90s, 5m, 1h).", valueName: "duration"))
    var interval: String = "60s"
    @Option(help: ArgumentHelp("Largest request body taken, in bytes.", valueName: "bytes"))
    var maxBody: Int = 256 * 1024

    func validate() throws {
        _ = try IntervalOption.parse(interval)
        guard (1024...(16 * 1024 * 1024)).contains(maxBody) else { throw ValidationError("--max-body must be between 1024 and 16777216") }
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let (host, port) = try ServerSettings.parseListen(listen)
            let setup = try SendingSetup(sending, sending: true)
            guard let keys = setup.unsubscribeKeys else {
                throw NurtureError("serve answers unsubscribe links: set NURTURE_SECRET (or NURTURE_SECRET_FILE) to at least 16 random bytes, e.g. `openssl rand -base64 32`")
            }
            guard let suppressions = setup.store as? any SuppressionList, let intake = setup.store as? any EventIntake else {
                throw NurtureError("this store cannot take events or unsubscribes")
            }
            let apiTokens = try SecretSource.secrets("NURTURE_API_TOKEN", environment: ProcessInfo.processInfo.environment)
            let logger = { var logger = Logger(label: "nurture"); logger.logLevel = .info; return logger }()
            let clock: @Sendable () -> Date = { Date() }
            let (service, transport) = try setup.runService(sending, limit: nil, clock: clock)
            let wakeup = SendLoopWakeup()
            let statistics = SendLoopStatistics()
            // Takes the run lock now: a second scheduler on this store fails here, naming the holder.
            let loop = try SendLoop(service: service, mode: .watch(interval: try IntervalOption.parse(interval)), wakeup: wakeup, statistics: statistics, passed: { pass in
                SendLoopLog.log(pass, logger: logger)
            })
            var settings = ServerSettings(host: host, port: port, maximumBodyBytes: maxBody, apiTokens: apiTokens, addressPolicy: addressPolicy())
            settings.maximumBatch = 1000
            settings.formKeys = try SecretSource.secrets("NURTURE_FORM_KEY", environment: ProcessInfo.processInfo.environment)
            let parts = NurtureHTTPServer.Parts(
                intake: intake, unsubscribe: UnsubscribeLinkService(suppressions: suppressions, keys: keys, campaigns: setup.loaded.map(\.campaign)),
                wakeup: wakeup, statistics: statistics, clock: clock)
            if apiTokens.isEmpty { logger.warning("NURTURE_API_TOKEN is not set: POST /events answers 503 until it is") }
            let app = NurtureHTTPServer.application(parts, settings: settings, logger: logger) { bound in
                // One line a supervisor (or a test) can wait for.
                logger.notice("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound)")
            }
            // Shut down in reverse: the send loop first (it finishes and records the messages in flight), then
            // HTTP (a slow client cannot hold the loop up).
            try await runSendingGroup([.init(service: app, serviceName: "http"), .init(service: loop, serviceName: "send loop")], transport: transport, logger: logger)
            logger.notice("stopped: the messages in flight were recorded")
        }
    }
}
