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

    public init(step: String, contentKey: String, content: String?, at: Date, state: DeliveryState) {
        self.step = step
        self.contentKey = contentKey
        self.content = content
        self.at = at
        self.state = state
    }
}
