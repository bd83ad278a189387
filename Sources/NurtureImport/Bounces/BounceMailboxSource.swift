import Foundation
import NurtureCore

/// The bounces in an mbox file of delivery status notifications (RFC 3464), one message at a time: each
/// failed or delayed recipient as a `BounceReport`, and what could not be read with its message number
/// and line.
public struct BounceMailboxSource {
    /// What one message of the mailbox gave.
    public struct Message: Sendable {
        /// 1-based.
        public var number: Int
        /// The line of its `From ` line.
        public var line: Int
        /// Its failed and delayed recipients (delivered, relayed and expanded ones are no bounce).
        public var reports: [BounceReport]
        /// Set when the message is not a delivery report at all (an auto-reply in the bounce folder).
        public var skipped: String?
        /// What in it could not be read, each with its line in the file.
        public var problems: [RowRejection]
    }

    public let path: String
    private let addressPolicy: EmailAddress.Policy
    /// The time of a report that carries no readable date.
    private let now: Date
    private var mbox: MboxReader

    public init(path: String, addressPolicy: EmailAddress.Policy = .standard, now: Date) throws(ImportFileError) {
        self.path = path
        self.addressPolicy = addressPolicy
        self.now = now
        mbox = try MboxReader(path: path)
    }

    public mutating func next() throws(ImportFileError) -> Message? {
        guard let raw = try mbox.next() else { return nil }
        var message = Message(number: raw.number, line: raw.line, reports: [], skipped: nil, problems: [])
        // Line `index` of the message is line `raw.line + 1 + index` of the file.
        func fileLine(_ index: Int?) -> Int { raw.line + 1 + (index ?? -1) }
        let report: DeliveryStatusNotification
        switch Result(catching: { () throws(DeliveryStatusNotification.Problem) in try DeliveryStatusNotification(raw.lines) }) {
        case let .success(read):
            report = read
        case let .failure(.notAReport(reason)):
            message.skipped = reason
            return message
        case let .failure(.broken(reason, line)):
            let cut = raw.truncated ? " (the message was cut at \(mbox.maxMessageBytes / 1024) KB)" : ""
            message.problems.append(RowRejection(line: fileLine(line), reason: "message \(raw.number): \(reason)\(cut)"))
            return message
        }
        for problem in report.problems {
            message.problems.append(RowRejection(line: fileLine(problem.line), reason: "message \(raw.number): \(problem.reason)"))
        }
        let at = report.date ?? now
        for recipient in report.recipients {
            guard let severity = BounceSeverity.of(action: recipient.action, status: recipient.status) else { continue }
            let email: EmailAddress
            do {
                email = try EmailAddress(recipient.address, policy: addressPolicy)
            } catch {
                message.problems.append(RowRejection(line: fileLine(recipient.line), reason: "message \(raw.number): \(error)"))
                continue
            }
            message.reports.append(BounceReport(
                email: email, severity: severity, action: recipient.action, status: recipient.status,
                diagnostic: recipient.diagnostic, originalMessageID: report.originalMessageID,
                reportID: report.messageID ?? report.date.map { "date:\(Int64($0.timeIntervalSince1970))" } ?? "",
                at: at, source: "\(Self.fileName(path)) message \(raw.number) (line \(raw.line))"))
        }
        return message
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
