import Foundation
import NurtureCore
import NurtureRender

/// Runs the paced planner of one or several campaigns over every contact in the store, a batch at a
/// time, and hands each campaign's plan on. Every command plans through this, so `plan`, `preview`,
/// `run --dry-run` and `run` pace alike.
public struct CampaignPlanning {
    public let store: any NurtureStore
    public let paced: PacedPlanner
    public var batchSize = 1000
    /// The templates of each campaign, by name, when the caller wants a send whose template cannot be
    /// rendered shown as what it will be: skipped, and why (`plan` sets them; preview and run render).
    public var templates: [String: TemplateLibrary] = [:]

    public init(store: any NurtureStore, campaigns: [Campaign]) {
        self.store = store
        self.paced = PacedPlanner(campaigns: campaigns)
    }

    public init(store: any NurtureStore, campaign: Campaign) {
        self.init(store: store, campaigns: [campaign])
    }

    /// The campaigns, highest priority first.
    public var campaigns: [Campaign] { paced.campaigns }
    /// The first campaign (the only one, for single-campaign commands).
    public var campaign: Campaign { paced.planners[0].campaign }

    /// Calls `body` with each contact's plan in each campaign at `now` (contacts in id order, campaigns
    /// by priority), and the contact's history as that campaign sees it. With `only`, a contact the store
    /// does not have is an error, not an empty plan.
    ///
    /// Every core works: the next pages of histories are read on another thread, and each page is planned in
    /// slices on every core; `body` is called on the caller's thread, in order. `body` must not
    /// write to the store what planning reads (the ledger, events): it may have been read already.
    public func forEachPlan(now: Date, only: EmailAddress? = nil, _ body: (ContactPlan, ContactHistory) throws -> Void) throws {
        try forEachPlan(now: now, only: only, prepare: { _, _ in () }) { plan, view, _ in try body(plan, view) }
    }

    /// The same, with `prepare` run on each plan inside the page's slices, side by side (composing a
    /// message, say), and its result handed to `body` with the plan, in order.
    public func forEachPlan<Prepared: Sendable>(
        now: Date, only: EmailAddress? = nil, prepare: @Sendable (ContactPlan, ContactHistory) -> Prepared,
        _ body: (ContactPlan, ContactHistory, Prepared) throws -> Void
    ) throws {
        var seen = false
        let unusable = unusableTemplates()
        let pages = HistoryReadAhead(store: store, campaign: campaign.name, only: only, pageSize: batchSize, depth: 4)
        defer { pages.stop() }
        while let page = try pages.next() {
            seen = true
            for plans in plan(page, now: now, unusable: unusable, prepare: prepare) {
                for (plan, view, prepared) in plans { try body(plan, view, prepared) }
            }
        }
        if let only, !seen { throw NurtureError("no contact \(only) in the store") }
    }

    /// Why each step's template cannot be rendered, by campaign and step id, for the campaigns `templates`
    /// has a library of (steps whose template can be are left out): asked once, not for every send.
    private func unusableTemplates() -> [String: [String: String]] {
        var unusable: [String: [String: String]] = [:]
        var named: Set<String> = []
        for planner in paced.planners {
            let campaign = planner.campaign
            // The first campaign of a name, as `paced.planner(for:)` finds it.
            guard named.insert(campaign.name).inserted, let library = templates[campaign.name] else { continue }
            for step in campaign.steps {
                if let reason = library.unusableReason(template: step.template) {
                    unusable[campaign.name, default: [:]][step.id] = reason
                }
            }
        }
        return unusable
    }

    /// Each history's plans in each campaign, with the campaign's view of the history and what `prepare`
    /// made of them, in order: the page cut in slices worked on side by side, on every core.
    private func plan<Prepared: Sendable>(
        _ page: [ContactHistory], now: Date, unusable: [String: [String: String]], prepare: @Sendable (ContactPlan, ContactHistory) -> Prepared
    ) -> [[(ContactPlan, ContactHistory, Prepared)]] {
        let paced = self.paced
        // A send whose template cannot be rendered is shown as what it will be: skipped, and why.
        @Sendable func one(_ history: ContactHistory) -> [(ContactPlan, ContactHistory, Prepared)] {
            paced.plan(history, now: now).map { decided in
                let view = history.focused(on: decided.campaign)
                var decision = decided.decision
                if case let .send(send) = decision, let reason = unusable[decided.campaign]?[send.step] {
                    decision = .skip(reason: "\(send.step) is due but would be skipped: \(reason)")
                }
                let plan = ContactPlan(contact: history.contact, decision: decision, campaign: decided.campaign, hold: decided.hold, standing: decided.standing)
                return (plan, view, prepare(plan, view))
            }
        }
        // A few slices per core: one that finishes early takes the next rather than waiting for the slowest.
        let slices = min(page.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard slices > 1 else { return page.map(one) }
        var planned = [[(ContactPlan, ContactHistory, Prepared)]](repeating: [], count: page.count)
        planned.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                // Disjoint ranges of `out`: no two slices write the same element.
                let range = page.count * slice / slices ..< page.count * (slice + 1) / slices
                for index in range { out[index] = one(page[index]) }
            }
        }
        return planned
    }
}
