import Foundation

/// A message of a campaign already recorded for a contact: what the planner knows of the past.
public struct SentMessage: Hashable, Sendable {
    public var step: String
    /// The ledger's content key (see `Decision.Send.contentKey`).
    public var contentKey: String
    /// The catalog item it carried, if any.
    public var content: String?
    /// When it was sent (or planned, while not yet sent).
    public var at: Date
    public var state: DeliveryState
    /// The campaign it belongs to ("" where the caller did not say: the planning campaign's own history).
    public var campaign: String
    /// The kind of its step, when the ledger recorded it (entries of older versions did not).
    public var kind: StepKind?

    public init(step: String, contentKey: String, content: String?, at: Date, state: DeliveryState, campaign: String = "", kind: StepKind? = nil) {
        self.campaign = campaign
        self.kind = kind
        self.step = step
        self.contentKey = contentKey
        self.content = content
        self.at = at
        self.state = state
    }
}
