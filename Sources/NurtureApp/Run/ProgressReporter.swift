import Foundation
import Synchronization

/// Progress on standard error: a bar redrawn in place on a terminal, a plain line every 100 messages
/// otherwise (logs and cron mail).
public final class ProgressReporter: Sendable {
    public static let isTerminal = isatty(STDERR_FILENO) == 1
    private let total: Int?
    private let lastReported = Mutex(0)
    private let started = ContinuousClock.now

    public init(total: Int?) { self.total = total }

    /// Messages per second since the run started: the effective rate, pacing and throttling included.
    private func rate(_ done: Int) -> String {
        let elapsed = RunService.seconds(ContinuousClock.now - started)
        return elapsed > 0 ? String(format: "%.1f msg/s", Double(done) / elapsed) : "-"
    }

    /// The relay's rate limit in force, once throttling or configuration set one.
    private func limit(_ summary: RunSummary) -> String {
        guard let rate = summary.finalRate else { return "" }
        let throttles = summary.throttles == 1 ? "1 throttle" : "\(summary.throttles) throttles"
        return String(format: " (relay limit %.2f msg/s", rate) + " after \(throttles))"
    }

    public func update(_ summary: RunSummary) {
        let done = summary.attempted
        let previous = lastReported.withLock { last in
            defer { last = done }
            return last
        }
        if Self.isTerminal, let total, total > 0 {
            let width = 30
            let filled = min(width, done * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            StandardError.raw("\r[\(bar)] \(done)/\(total)  \(rate(done))\(limit(summary))  \(summary.line)\u{1B}[K")
        } else if Self.isTerminal {
            StandardError.raw("\r\(done) attempted  \(rate(done))\(limit(summary))  \(summary.line)\u{1B}[K")
        } else if done / 100 > previous / 100 {
            StandardError.line("progress: \(rate(done))\(limit(summary)): \(summary.line)")
        }
    }

    public func finish() {
        if Self.isTerminal && lastReported.withLock({ $0 }) > 0 { StandardError.raw("\n") }
    }
}
