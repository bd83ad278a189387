import Foundation
import NurtureCore

/// `nurture unsubscribe`: puts a contact on the suppression list, for every campaign or for one.
public struct UnsubscribeService {
    /// How the contact to unsubscribe is named.
    public enum Target: Sendable {
        /// By address; it need not be a contact (yet): it will never be emailed.
        case address(EmailAddress)
    }

    public let list: any SuppressionList

    public init(list: any SuppressionList) {
        self.list = list
    }

    /// Unsubscribes `target` from `campaign` (nil: from everything) and says what that did, in one line.
    public func unsubscribe(_ target: Target, campaign: String?, detail: String, at: Date) throws -> String {
        let email: EmailAddress
        switch target {
        case let .address(address): email = address
        }
        let scope = try Self.scope(campaign)
        let added = try list.suppress(Suppression(email: email, campaign: scope, cause: .unsubscribed, detail: detail, at: at))
        let what = SuppressionScope.text(scope)
        guard added else {
            let earlier = try list.suppressions(email: email, limit: 100).first { $0.campaign == scope }
            let since = earlier.map { " since \(ReasonDate.format($0.at)) (\($0.cause.rawValue))" } ?? ""
            return "\(email) was already suppressed for \(what)\(since): nothing changed"
        }
        return "\(email) is unsubscribed from \(what)"
    }

    /// A `--campaign` value: nil for every campaign; an empty or multi-line name is refused.
    public static func scope(_ campaign: String?) throws -> String? {
        guard let campaign else { return nil }
        let name = campaign.trimmingASCIIWhitespace()
        guard !name.isEmpty else { throw NurtureError("--campaign is empty: name a campaign, or leave the option out for every campaign") }
        guard !name.containsLineBreakOrControl else { throw NurtureError("--campaign '\(name.debugSafe)' contains a line break or control character") }
        return name
    }
}
