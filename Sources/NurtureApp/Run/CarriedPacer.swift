import NurtureCore
import Synchronization

/// A relay pacer handed from one run to the next: the send loop's runs share one pacing budget (the
/// token bucket, and a rate the relay's throttling lowered), as the messages of one run do.
public final class CarriedPacer: Sendable {
    private let stored = Mutex<RelayPacer?>(nil)

    public init() {}

    /// The pacer the last run left, which the taker now owns; nil before the first run.
    func take() -> RelayPacer? {
        stored.withLock { pacer in
            defer { pacer = nil }
            return pacer
        }
    }

    func keep(_ pacer: RelayPacer) {
        stored.withLock { $0 = pacer }
    }
}
