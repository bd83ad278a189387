import Foundation

/// A lifted suppression, as the audit keeps it: what it was, and why and when it was lifted.
public struct SuppressionRemoval: Hashable, Sendable {
    public var suppression: Suppression
    public var reason: String
    public var at: Date

    public init(suppression: Suppression, reason: String, at: Date) {
        self.suppression = suppression
        self.reason = reason
        self.at = at
    }
}
