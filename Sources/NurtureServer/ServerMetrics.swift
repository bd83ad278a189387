import Foundation
import Hummingbird
import NurtureApp
import NurtureCore
import Prometheus
import Synchronization

/// `GET /metrics` in Prometheus text format, through swift-prometheus: messages by outcome, events
/// received, unsubscribes, the queue left after the last pass and the rate the last pass sent at. Values
/// come from the send loop's statistics at each scrape.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let messages: [DeliveryState: Counter]
    private let events: Counter
    private let unsubscribes: Counter
    private let passes: Counter
    private let queueDepth: Gauge
    private let sendRate: Gauge
    private let statistics: SendLoopStatistics
    private let scrape = Mutex(())

    init(statistics: SendLoopStatistics) {
        self.statistics = statistics
        var messages: [DeliveryState: Counter] = [:]
        for outcome in [DeliveryState.sent, .deferred, .bounced, .failed, .unknown] {
            messages[outcome] = registry.makeCounter(
                descriptor: Self.name("messages", unit: "total", help: "Delivery attempts by outcome."), labels: [("outcome", outcome.rawValue)])
        }
        self.messages = messages
        events = registry.makeCounter(descriptor: Self.name("events_received", unit: "total", help: "New events stored through POST /events."))
        unsubscribes = registry.makeCounter(descriptor: Self.name("unsubscribes", unit: "total", help: "Unsubscribes taken through the unsubscribe endpoint."))
        passes = registry.makeCounter(descriptor: Self.name("send_passes", unit: "total", help: "Passes of the send loop."))
        queueDepth = registry.makeGauge(descriptor: Self.name("queue_depth", unit: "messages", help: "Messages due but not sent at the end of the last pass."))
        sendRate = registry.makeGauge(descriptor: Self.name("send_rate", unit: "messages_per_second", help: "The rate the last sending pass went at."))
    }

    /// `nurture_NAME_UNIT`.
    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "nurture", metricName: metric, unitName: unit, helpText: help)
    }

    func response() -> Response {
        let text: [UInt8] = scrape.withLock { _ in
            let now = statistics.snapshot
            for (outcome, counter) in messages {
                counter.reset()
                counter.increment(by: Int64(now.messages[outcome] ?? 0))
            }
            events.reset()
            events.increment(by: Int64(now.eventsReceived))
            unsubscribes.reset()
            unsubscribes.increment(by: Int64(now.unsubscribes))
            passes.reset()
            passes.increment(by: Int64(now.passes))
            queueDepth.set(Double(now.queueDepth))
            sendRate.set(now.sendRate)
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return buffer
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }
}
