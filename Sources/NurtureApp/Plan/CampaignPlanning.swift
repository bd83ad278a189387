import Foundation
import NurtureCore

/// Runs the planner over every contact in the store, a batch at a time, and hands each plan on.
public struct CampaignPlanning {
    public let store: any NurtureStore
    public let campaign: Campaign
    public var batchSize = 1000

    public init(store: any NurtureStore, campaign: Campaign) {
        self.store = store
        self.campaign = campaign
    }

    /// Calls `body` with each contact's plan at `now`, in contact order. With `only`, a contact the
    /// store does not have is an error, not an empty plan.
    public func forEachPlan(now: Date, only: EmailAddress? = nil, _ body: (ContactPlan, ContactHistory) throws -> Void) throws {
        let planner = Planner(campaign: campaign)
        var seen = false
        try store.forEachHistoryBatch(campaign: campaign.name, only: only, batchSize: batchSize) { batch in
            for history in batch {
                seen = true
                try body(planner.plan(history, now: now), history)
            }
        }
        if let only, !seen { throw NurtureError("no contact \(only) in the store") }
    }
}
