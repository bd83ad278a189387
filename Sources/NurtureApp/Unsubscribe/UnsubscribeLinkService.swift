import Foundation
import NurtureCore

/// Unsubscribing by a link's token: the endpoint's one-click POST and confirm page, and
/// `nurture unsubscribe --token`. An invalid, tampered or retired token does nothing, and callers answer
/// it as they answer a valid one (no oracle).
public struct UnsubscribeLinkService: Sendable {
    public let suppressions: any SuppressionList
    public let keys: UnsubscribeKeys
    /// The campaigns by name, to name the list on the page.
    public let campaigns: [String: Campaign]

    public init(suppressions: any SuppressionList, keys: UnsubscribeKeys, campaigns: [Campaign]) {
        self.suppressions = suppressions
        self.keys = keys
        self.campaigns = Dictionary(campaigns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whose link it is and from which campaign, for the confirm page; nil for a token that does not verify
    /// or names no stored contact.
    public func lookup(_ token: String) throws -> (contact: Contact, campaign: String)? {
        guard let verified = UnsubscribeToken.verify(token, with: keys),
              let contact = try suppressions.contact(id: verified.contactID) else { return nil }
        return (contact, verified.campaign)
    }

    public enum Outcome: Hashable, Sendable {
        /// Suppressed now: from `campaign`, or from everything (nil).
        case unsubscribed(EmailAddress, campaign: String?)
        /// The address was already suppressed for that scope.
        case already(EmailAddress, campaign: String?)
        /// The token does not verify or names no stored contact: nothing was done.
        case invalid
    }

    /// Suppresses the token's contact for its campaign, or for everything.
    public func unsubscribe(token: String, everything: Bool, source: String, at: Date) throws -> Outcome {
        guard let (contact, campaign) = try lookup(token) else { return .invalid }
        let scope = everything ? nil : campaign
        let detail = everything
            ? "\(source): unsubscribed from everything (link in campaign \(campaign))"
            : "\(source): unsubscribed from campaign \(campaign)"
        let added = try suppressions.suppress(Suppression(email: contact.email, campaign: scope, cause: .unsubscribed, detail: detail, at: at))
        return added ? .unsubscribed(contact.email, campaign: scope) : .already(contact.email, campaign: scope)
    }
}

extension UnsubscribeLinkService.Outcome {
    /// What it did, in one line (as `nurture unsubscribe` says it); nil for `invalid`.
    public var line: String? {
        switch self {
        case let .unsubscribed(address, campaign): return "\(address) is unsubscribed from \(SuppressionScope.text(campaign))"
        case let .already(address, campaign): return "\(address) was already suppressed for \(SuppressionScope.text(campaign)): nothing changed"
        case .invalid: return nil
        }
    }
}
