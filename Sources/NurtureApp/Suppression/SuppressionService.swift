import Foundation
import NurtureCore
import NurtureImport

/// `nurture suppression import | remove`: the suppression list kept by hand or brought from another service.
public struct SuppressionService {
    public let list: any SuppressionList
    public let addressPolicy: EmailAddress.Policy

    public init(list: any SuppressionList, addressPolicy: EmailAddress.Policy = .standard) {
        self.list = list
        self.addressPolicy = addressPolicy
    }

    /// Suppresses every address of the file for every campaign (cause `manual`), in one transaction.
    public func importList(path: String, at: Date) throws -> ImportReport {
        let source = try SuppressionFileSource(path: path, addressPolicy: addressPolicy)
        return try list.importSuppressions(source, cause: .manual, detail: "suppression import \(path)", at: at)
    }

    /// `blocked.csv: 12 imported, 3 already suppressed, 1 rejected`.
    public static func summary(_ report: ImportReport, file: String) -> String {
        "\(file): \(report.imported) imported, \(report.unchanged) already suppressed, \(report.rejected.count) rejected"
    }

    /// Lifts the suppression of `email` for `campaign` (nil: every campaign), keeping `reason`; says what it
    /// did, or throws naming what is suppressed instead.
    public func remove(email: EmailAddress, campaign: String?, reason: String, at: Date) throws -> String {
        let reason = reason.trimmingASCIIWhitespace()
        guard !reason.isEmpty else { throw NurtureError("--reason is empty: say why the address may be emailed again") }
        let scope = try UnsubscribeService.scope(campaign)
        let what = SuppressionScope.text(scope)
        guard try list.removeSuppression(email: email, campaign: scope, reason: reason, at: at) else {
            let others = try list.suppressions(email: email, limit: 100)
            let hint = others.isEmpty ? "it is not on the suppression list" : "it is suppressed for \(SuppressionScope.list(others)) (use --campaign to name one, or leave it out for every campaign)"
            throw NurtureError("\(email) is not suppressed for \(what): \(hint)")
        }
        let still = try list.suppressions(email: email, limit: 100)
        let tail = still.isEmpty ? "" : "; still suppressed for \(SuppressionScope.list(still))"
        return "\(email) is no longer suppressed for \(what) (kept in the audit with the reason)\(tail)"
    }
}
