import Foundation

/// One move of a contact along the ladder: when, from where to where, why and who made it.
public struct StageMove: Hashable, Sendable {
    /// Nil for where the contact started: the contacts file's stage, and what its columns alone qualify for.
    public var at: Date?
    public var from: Stage?
    public var to: Stage
    /// Which rule and which event: `sales request: page_viewed (page pricing)`.
    public var cause: String
    /// `import`, `rules in scoring/default.yaml`, or the person who set the stage.
    public var by: String

    public init(at: Date?, from: Stage?, to: Stage, cause: String, by: String) {
        self.at = at
        self.from = from
        self.to = to
        self.cause = cause
        self.by = by
    }
}
