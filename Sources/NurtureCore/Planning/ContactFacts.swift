import Foundation

/// What the planner derives once from a contact's history at `now`, shared by every step's evaluation.
/// A class: each step's evaluation holds it, and copying a struct of this many arrays and sets costs a
/// retain per field every time.
final class ContactFacts {
    let now: Date
    /// The stage the planner decides on: the qualified one when the campaign scores (see `Qualifier`).
    var stage: Stage?
    /// The qualified stage, score and band, when the campaign scores.
    var standing: Standing?
    /// The contact's declared interests, normalised.
    let interests: [String]
    /// Events that happened at or before `now`, oldest first. Later ones are invisible to the plan.
    let events: [ContactEvent]
    /// Ledger entries of this campaign, oldest first.
    let sent: [SentMessage]
    /// The last email of this campaign to the contact, whatever became of it: pacing counts attempts, so a
    /// refused message is not followed by the next step at once.
    let lastEmailAt: Date?
    /// (step, content key) pairs already in the ledger: never planned again.
    let ledgerKeys: Set<LedgerKey>
    /// Items this campaign already sent to the contact.
    let receivedItems: Set<String>
    /// Items the contact downloaded, registered for or attended: gathered when a content step first asks.
    private(set) lazy var consumedItems: Set<String> = {
        var consumed: Set<String> = []
        for event in events where event.type.consumesContent {
            if let content = event.content { consumed.insert(content) }
        }
        return consumed
    }()
    /// Content keys of conversions another campaign's thank-you answered, and when its last thank-you went.
    let thankedElsewhere: Set<String>
    let lastThankYouElsewhere: Date?

    struct LedgerKey: Hashable {
        let step: String
        let contentKey: String
    }

    init(history: ContactHistory, ladder: StageLadder, now: Date) {
        self.now = now
        self.stage = history.contact.stage ?? ladder.entry
        self.interests = history.contact.interests
        self.events = Self.visible(history.events, now: now)
        self.sent = history.sent.sorted { $0.at < $1.at }
        self.lastEmailAt = sent.last?.at
        // Most contacts have no ledger entries yet, and few events about an item: no sets made for nothing.
        self.ledgerKeys = sent.isEmpty ? [] : Set(sent.map { LedgerKey(step: $0.step, contentKey: $0.contentKey) })
        self.receivedItems = sent.isEmpty ? [] : Set(sent.compactMap(\.content))
        let thanks = history.elsewhere.isEmpty ? [] : history.elsewhere.filter { $0.kind == .thankYou }
        self.thankedElsewhere = thanks.isEmpty ? [] : Set(thanks.map(\.contentKey))
        self.lastThankYouElsewhere = thanks.map(\.at).max()
    }

    /// The events at or before `now`, in the planner's order (`ContactEvent.precedes`): the store's array
    /// itself when it already is so (the store gives events in time order), else a sorted copy.
    static func visible(_ events: [ContactEvent], now: Date) -> [ContactEvent] {
        var inOrder = true
        for index in events.indices {
            guard events[index].at <= now, index == events.startIndex || !ContactEvent.precedes(events[index], events[index - 1]) else {
                inOrder = false
                break
            }
        }
        return inOrder ? events : events.filter { $0.at <= now }.sorted(by: ContactEvent.precedes)
    }

    func hasSent(step: String, contentKey: String) -> Bool {
        ledgerKeys.contains(LedgerKey(step: step, contentKey: contentKey))
    }

    func lastSent(step: String) -> SentMessage? { sent.last { $0.step == step } }

    /// The most recent event of one of `types`.
    func latest(of types: [EventType]) -> ContactEvent? { events.last { types.contains($0.type) } }

    /// Topics of every catalog item the contact consumed, in first-seen order.
    func consumedTopics(in campaign: Campaign) -> [String] {
        Topic.normalizeList(events.filter { $0.type.consumesContent }.compactMap(\.content).compactMap { campaign.item($0)?.topics }.joined())
    }
}
