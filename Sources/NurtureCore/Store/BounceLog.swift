import Foundation

/// Bounces that arrive after the relay took a message: delivery status notifications (RFC 3464) read
/// from a mailbox. A hard one suppresses the address for every campaign; a soft one is only recorded.
///
/// Every method is one transaction.
public protocol BounceLog: Sendable {
    /// Records `reports` in one transaction. A report already recorded (same recipient, status, action and
    /// report) changes nothing. A hard bounce suppresses its address for every campaign and, when its
    /// original Message-ID names a ledger entry that went out, marks that entry `bounced`.
    func record(_ reports: [BounceReport]) throws -> [BounceOutcome]

    /// The recorded reports of `email` (nil: all), newest first, at most `limit`.
    func bounceReports(email: EmailAddress?, limit: Int) throws -> [BounceReport]
}

/// One failed or delayed recipient of a delivery status notification.
public struct BounceReport: Hashable, Sendable {
    public var email: EmailAddress
    public var severity: BounceSeverity
    /// The DSN's `Action` (`failed`, `delayed`), lower-cased.
    public var action: String
    /// The DSN's `Status` (`5.1.1`).
    public var status: String
    /// The DSN's `Diagnostic-Code` (`smtp; 550 5.1.1 user unknown`), unfolded.
    public var diagnostic: String?
    /// The Message-ID of the message that bounced (`<…>`), from the report's returned headers.
    public var originalMessageID: String?
    /// What tells this report from another for the same recipient: its own Message-ID, else its date.
    public var reportID: String
    public var at: Date
    /// Where it was read: `bounces.mbox message 3 (line 120)`.
    public var source: String

    public init(
        email: EmailAddress, severity: BounceSeverity, action: String, status: String, diagnostic: String?,
        originalMessageID: String?, reportID: String, at: Date, source: String
    ) {
        self.email = email
        self.severity = severity
        self.action = action
        self.status = status
        self.diagnostic = diagnostic
        self.originalMessageID = originalMessageID
        self.reportID = reportID
        self.at = at
        self.source = source
    }

    /// The suppression detail of a hard bounce: `bounce: 5.1.1 smtp; 550 5.1.1 user unknown (bounces.mbox message 3 (line 120))`.
    public var suppressionDetail: String {
        "bounce: \(status)\(diagnostic.map { " \($0)" } ?? "") (\(source))"
    }
}

/// What recording one `BounceReport` did.
public struct BounceOutcome: Hashable, Sendable {
    /// False when the same report was recorded before.
    public var recorded: Bool
    /// True when the address was not suppressed for every campaign before (hard bounces only).
    public var suppressed: Bool
    /// The ledger entry the report's original Message-ID names, if any.
    public var ledgerEntry: Int64?

    public init(recorded: Bool, suppressed: Bool, ledgerEntry: Int64?) {
        self.recorded = recorded
        self.suppressed = suppressed
        self.ledgerEntry = ledgerEntry
    }
}

/// Hard: the address will not take mail (suppress it). Soft: it may later (record it, keep mailing).
public enum BounceSeverity: String, CaseIterable, Hashable, Sendable {
    case hard
    case soft

    /// The severity of a DSN recipient's `Action` and `Status`: `failed` with a 5.x.x status is hard;
    /// `delayed`, or a 4.x.x status, is soft; anything else (`delivered`, `relayed`, `expanded`) is no
    /// bounce (nil).
    public static func of(action: String, status: String) -> BounceSeverity? {
        let action = action.lowercased()
        let permanent = status.hasPrefix("5.")
        if action == "failed" && permanent { return .hard }
        if action == "delayed" || (action == "failed" && status.hasPrefix("4.")) { return .soft }
        return nil
    }
}
