import Foundation

/// What a finished run tells people: the summary and pacing lines (standard output), then what was
/// skipped, interrupted or stopped, and why (standard error).
public struct RunReport: Sendable {
    public var output: [String] = []
    public var errors: [String] = []

    public init(_ summary: RunSummary, limit: Int?) {
        output.append(summary.line)
        output += summary.pacingLines
        for skipped in summary.skipped { errors.append("skipped \(skipped.contact): \(skipped.reason)") }
        if summary.interrupted > 0 {
            errors.append("\(summary.interrupted) message(s) of an interrupted run may have been delivered: `nurture ledger --unknown`, then `nurture ledger resolve`")
        }
        if let fatal = summary.fatal {
            errors.append("nurture: the SMTP server stopped the run: \(fatal)")
        } else if let reply = summary.stoppedAfterUnknown {
            errors.append("nurture: stopped after a message's outcome became unknown (\(reply)); the relay may be stuck, so the rest stays queued for the next run")
        } else if summary.cancelled {
            errors.append("nurture: stopped by a signal after recording the messages in flight; the rest goes out on the next run")
        } else if summary.reachedLimit {
            errors.append("stopped at --limit \(limit ?? 0); the rest goes out on the next run")
        }
    }

    public func print(to output: any TextOutput) {
        for line in self.output { output.line(line) }
        for line in errors { StandardError.line(line) }
    }
}
