import Foundation
import ServiceLifecycle
import UnixSignals

/// The second stop signal. The first SIGINT, SIGTERM or SIGHUP starts the service group's graceful
/// shutdown (the send loop finishes the messages in flight); a second one, while a silent server is
/// still awaited, calls `escalate` (the transport ends the transaction, recorded `unknown`). Listed first
/// in the group, it is shut down last, after the send loop.
public struct StopSignalEscalation: Service {
    let escalate: @Sendable (Int) -> Void

    /// The stop signals, for the service group's graceful shutdown too: Ctrl-C, a scheduler's or systemd's
    /// SIGTERM, and SIGHUP (a closed terminal, a dropped ssh connection).
    public static let signals: [UnixSignal] = [.sigint, .sigterm, .sighup]

    public init(escalate: @escaping @Sendable (Int) -> Void) {
        self.escalate = escalate
    }

    public func run() async throws {
        var count = 0
        for await _ in await UnixSignalsSequence(trapping: Self.signals).cancelOnGracefulShutdown() {
            count += 1
            if count >= 2 { escalate(count) }
        }
    }
}
