import Foundation
import NurtureCore
import NurtureImport

/// `nurture import bounces FILE.mbox`: the delivery status notifications of a mailbox, read one message at
/// a time and recorded in one transaction. Hard bounces suppress their address for every campaign; soft
/// ones are recorded (`bounce_report`) and listed, nothing more.
public struct BounceImportService {
    public let log: any BounceLog
    public let addressPolicy: EmailAddress.Policy

    public init(log: any BounceLog, addressPolicy: EmailAddress.Policy = .standard) {
        self.log = log
        self.addressPolicy = addressPolicy
    }

    /// What an import of a mailbox did.
    public struct Report: Sendable {
        public var messages = 0
        public var hard = 0
        public var newlySuppressed = 0
        public var soft: [BounceReport] = []
        /// Reports recorded before (the same mailbox imported again).
        public var alreadyRecorded = 0
        /// Bounces matched to a ledger entry by the returned Message-ID.
        public var matched = 0
        /// Messages that are no delivery report: where, and what they are.
        public var skipped: [RowRejection] = []
        /// What could not be read: where, and why.
        public var problems: [RowRejection] = []
    }

    /// `now`: the time of a report that carries no readable date.
    public func importMailbox(path: String, now: Date) throws -> Report {
        var source = try BounceMailboxSource(path: path, addressPolicy: addressPolicy, now: now)
        var report = Report()
        var bounces: [BounceReport] = []
        while let message = try source.next() {
            report.messages += 1
            if let skipped = message.skipped { report.skipped.append(RowRejection(line: message.line, reason: "message \(message.number): \(skipped)")) }
            report.problems += message.problems
            bounces += message.reports
        }
        for (bounce, outcome) in zip(bounces, try log.record(bounces)) {
            if !outcome.recorded { report.alreadyRecorded += 1 }
            if outcome.ledgerEntry != nil { report.matched += 1 }
            switch bounce.severity {
            case .hard:
                report.hard += 1
                if outcome.suppressed { report.newlySuppressed += 1 }
            case .soft:
                report.soft.append(bounce)
            }
        }
        return report
    }

    /// `bounces.mbox: 6 messages, 3 hard bounces (2 newly suppressed), 1 soft bounce (recorded, not suppressed), …`.
    public static func summary(_ report: Report, file: String) -> String {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        var parts = [
            count(report.messages, "message", "messages"),
            "\(count(report.hard, "hard bounce", "hard bounces")) (\(report.newlySuppressed) newly suppressed)",
            "\(count(report.soft.count, "soft bounce", "soft bounces")) (recorded, not suppressed)",
            "\(report.skipped.count) not a delivery report",
            "\(report.problems.count) unreadable",
        ]
        if report.matched > 0 { parts.append("\(report.matched) matched to the ledger") }
        if report.alreadyRecorded > 0 { parts.append("\(report.alreadyRecorded) already recorded") }
        return "\(file): " + parts.joined(separator: ", ")
    }

    /// One line per soft bounce: `carol@x.com: soft bounce 4.2.2 (delayed): smtp; 452 mailbox full (bounces.mbox message 4 (line 88))`.
    public static func softLines(_ report: Report) -> [String] {
        report.soft.map { bounce in
            "\(bounce.email): soft bounce \(bounce.status) (\(bounce.action))\(bounce.diagnostic.map { ": \($0.debugSafe)" } ?? "") (\(bounce.source))"
        }
    }

    /// `bounces.mbox:120: message 5: …`, what was skipped and what could not be read, in line order.
    public static func problemLines(_ report: Report, file: String) -> [String] {
        let lines = report.skipped.map { ($0.line, "\(file):\($0.line): skipped: \($0.reason)") }
            + report.problems.map { ($0.line, "\(file):\($0.line): \($0.reason)") }
        return lines.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
