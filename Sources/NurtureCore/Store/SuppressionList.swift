import Foundation

/// Who must get no more mail: from every campaign (a hard bounce, a complaint, an unsubscribe from
/// everything) or from one campaign (an unsubscribe from that list).
///
/// Shared by every worker that sends for a store, so it lives behind the store, like the ledger. Every
/// method is one transaction.
public protocol SuppressionList: Sendable {
    /// Records `suppression`. Returns false when the address was already suppressed for that scope
    /// (everything, or that campaign): the earlier record stays, the call changes nothing.
    func suppress(_ suppression: Suppression) throws -> Bool

    /// Suppresses every address of `rows` for every campaign, in one transaction (a list exported from
    /// another email service), each with `cause`, `at` and the detail `"\(detail):\(line)"`. `imported`
    /// counts the addresses newly suppressed, `unchanged` the ones already suppressed for every campaign;
    /// rejected rows are reported and skipped; a thrown error rolls everything back.
    func importSuppressions<Source: RowSource>(_ rows: Source, cause: SuppressionCause, detail: String, at: Date) throws -> ImportReport
    where Source.Record == EmailAddress

    /// Lifts the suppression of `email` for `campaign` (nil: the everything-suppression), keeping an audit
    /// record with `reason`. Returns false when there was none.
    func removeSuppression(email: EmailAddress, campaign: String?, reason: String, at: Date) throws -> Bool

    /// The suppressions of `email` (nil: all of them), newest first, at most `limit`.
    func suppressions(email: EmailAddress?, limit: Int) throws -> [Suppression]

    /// The lifted suppressions of `email` (nil: all of them), newest removal first: the audit.
    func suppressionRemovals(email: EmailAddress?) throws -> [SuppressionRemoval]

    /// The contact with this store id, for links that carry an id (the unsubscribe token).
    func contact(id: Int64) throws -> Contact?
}

/// One entry of the suppression list.
public struct Suppression: Hashable, Sendable {
    public var email: EmailAddress
    /// nil: every campaign.
    public var campaign: String?
    public var cause: SuppressionCause
    /// Where it came from and what it said: `one-click unsubscribe`, `bounce: 5.1.1 user unknown`, a file and line.
    public var detail: String
    public var at: Date

    public init(email: EmailAddress, campaign: String? = nil, cause: SuppressionCause, detail: String, at: Date) {
        self.email = email
        self.campaign = campaign
        self.cause = cause
        self.detail = detail
        self.at = at
    }
}

/// Why an address is suppressed.
public enum SuppressionCause: String, CaseIterable, Hashable, Sendable {
    case unsubscribed
    case bounced
    case complained
    /// Put on the list by a person or an imported list (`nurture suppression import`).
    case manual
}
