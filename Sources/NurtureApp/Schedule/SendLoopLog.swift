import Foundation
import Logging

/// One log line per pass of a long-running send loop that did something, and one per deferral and
/// skipped contact: addresses at most, never other personal data, never a secret.
public enum SendLoopLog {
    public static func log(_ pass: SendLoop.Pass, logger: Logger) {
        let summary = pass.summary
        let scope = pass.contacts.isEmpty ? "everyone" : pass.contacts.map(\.value).sorted().joined(separator: ", ")
        if summary.attempted > 0 || summary.interrupted > 0 {
            logger.notice("send wave (\(scope)): \(summary.line) in \(String(format: "%.2f", pass.seconds)) s")
        } else {
            logger.info("pass (\(scope)): nothing due; \(summary.line)")
        }
        if summary.deferred > 0 { logger.notice("deferred \(summary.deferred) message(s); they are retried when due") }
        for line in summary.pacingLines where line.hasPrefix("held back") || line.hasPrefix("stopped") {
            logger.info("\(line)")
        }
        for skipped in summary.skipped { logger.warning("skipped \(skipped.contact): \(skipped.reason)") }
        if let fatal = summary.fatal { logger.error("the SMTP server stopped the pass: \(fatal)") }
        if let due = summary.nextDue { logger.info("next message due at \(due.formatted(.iso8601))") }
    }
}
