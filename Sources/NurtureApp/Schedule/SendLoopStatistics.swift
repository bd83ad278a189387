import Foundation
import NurtureCore
import Synchronization

/// What the send loop has done since the process started, for `/metrics` and the logs: messages by
/// outcome, events received, the queue left after the last pass and the rate it sent at.
public final class SendLoopStatistics: Sendable {
    public struct Snapshot: Hashable, Sendable {
        /// Delivery attempts by outcome (`sent`, `deferred`, `bounced`, `failed`, `unknown`).
        public var messages: [DeliveryState: Int] = [:]
        /// Events stored through the HTTP intake (new ones; a replay is not counted).
        public var eventsReceived = 0
        /// Unsubscribes taken through the endpoint or the one-click POST.
        public var unsubscribes = 0
        /// Messages due but not sent at the end of the last pass (held by pacing, throttled, capped, deferred).
        public var queueDepth = 0
        /// Messages per second over the last pass that sent something; 0 before any.
        public var sendRate = 0.0
        /// Passes the loop has made.
        public var passes = 0
        public var lastPassAt: Date?
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func passFinished(_ summary: RunSummary, everyone: Bool, seconds: Double, at: Date) {
        state.withLock { state in
            for (outcome, count) in [(DeliveryState.sent, summary.sent), (.deferred, summary.deferred), (.bounced, summary.bounced),
                                     (.failed, summary.failed), (.unknown, summary.unknown)] where count > 0 {
                state.messages[outcome, default: 0] += count
            }
            // Only a pass over everyone sees the whole queue.
            if everyone { state.queueDepth = summary.held.values.reduce(0, +) + summary.stillDue + summary.deferred }
            if summary.attempted > 0 && seconds > 0 { state.sendRate = Double(summary.attempted) / seconds }
            state.passes += 1
            state.lastPassAt = at
        }
    }

    public func eventsStored(_ count: Int) {
        guard count > 0 else { return }
        state.withLock { $0.eventsReceived += count }
    }

    public func unsubscribed() {
        state.withLock { $0.unsubscribes += 1 }
    }
}
