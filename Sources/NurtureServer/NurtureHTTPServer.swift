import Foundation
import Hummingbird
import Logging
import NIOCore
import NurtureApp
import NurtureCore

/// The HTTP side of `nurture serve`: `POST /events`, `GET`/`POST /unsubscribe`, `GET /healthz` and
/// `GET /metrics`, as a hummingbird application (a swift-service-lifecycle `Service`: it runs in the
/// command's service group beside the send loop and shuts down gracefully with it).
public enum NurtureHTTPServer {
    public struct Parts: Sendable {
        public var intake: any EventIntake
        public var unsubscribe: UnsubscribeLinkService
        public var wakeup: SendLoopWakeup
        public var statistics: SendLoopStatistics
        public var clock: @Sendable () -> Date

        public init(intake: any EventIntake, unsubscribe: UnsubscribeLinkService, wakeup: SendLoopWakeup, statistics: SendLoopStatistics, clock: @escaping @Sendable () -> Date) {
            self.intake = intake
            self.unsubscribe = unsubscribe
            self.wakeup = wakeup
            self.statistics = statistics
            self.clock = clock
        }
    }

    /// The routes, for the application and for tests.
    public static func router(_ parts: Parts, settings: ServerSettings, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let events = EventsEndpoint(
            store: parts.intake, authentication: RequestAuthentication(tokens: settings.apiTokens, window: settings.signatureWindow),
            settings: settings, wakeup: parts.wakeup, statistics: parts.statistics, clock: parts.clock, logger: logger)
        let unsubscribe = UnsubscribeEndpoint(service: parts.unsubscribe, statistics: parts.statistics, clock: parts.clock, logger: logger)
        let metrics = ServerMetrics(statistics: parts.statistics)
        router.post("/events") { request, _ in await events.handle(request) }
        router.get("/unsubscribe") { request, _ in await unsubscribe.show(request) }
        router.post("/unsubscribe") { request, _ in await unsubscribe.unsubscribe(request) }
        router.get("/healthz") { _, _ in
            JSONScalar.response(status: .ok, ["status": .string("ok"), "passes": .integer(parts.statistics.snapshot.passes)])
        }
        router.get("/metrics") { _, _ in metrics.response() }
        return router
    }

    /// The application listening on `settings.host:port`; `onListening` gets the bound port (for port 0).
    public static func application(
        _ parts: Parts, settings: ServerSettings, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(parts, settings: settings, logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "nurture"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger
        )
    }
}
