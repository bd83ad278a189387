import Foundation

/// A stage a person set (`nurture contact EMAIL --stage S --reason "…"`). It wins over the rules from
/// `at` on, until a later event moves the contact up again.
public struct StageOverride: Hashable, Sendable {
    public var stage: Stage
    public var at: Date
    public var reason: String
    /// Who set it (`--by`, or the login name).
    public var by: String

    public init(stage: Stage, at: Date, reason: String, by: String) {
        self.stage = stage
        self.at = at
        self.reason = reason
        self.by = by
    }
}
