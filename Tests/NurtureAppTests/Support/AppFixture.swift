import Foundation
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender
import NurtureStore
import NurtureTestSupport

/// A private temporary folder with a real SQLite file, and the shipped campaign and examples.
/// Each test makes its own; the folder is removed when the test ends.
final class AppFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let campaignPath = packageRoot.appendingPathComponent("campaigns/lead-nurture.yaml").path
    static let contactsCSV = packageRoot.appendingPathComponent("examples/contacts.csv").path
    static let eventsCSV = packageRoot.appendingPathComponent("examples/events.csv").path
    static let templatesPath = packageRoot.appendingPathComponent("templates").path
    static let now = ISO8601DateFormatter().date(from: "2026-11-23T09:00:00Z")!

    let folder: TemporaryFolder
    let dbPath: String

    init() throws {
        folder = try TemporaryFolder(prefix: "nurture-app")
        dbPath = folder.path("nurture.sqlite")
    }

    var directory: URL { folder.url }

    func path(_ name: String) -> String { folder.path(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try folder.write(name, text) }

    /// A store on the fixture's file (a new connection each call, as each command opens its own).
    func store() throws -> SQLiteStore { try SQLiteStore(path: dbPath) }

    /// The store with the shipped example contacts and events imported.
    func seeded() throws -> SQLiteStore {
        let store = try store()
        let service = ImportService(store: store, addressPolicy: .reservedDomainsAllowed)
        _ = try service.importContacts(path: Self.contactsCSV)
        _ = try service.importEvents(path: Self.eventsCSV)
        return store
    }

    static func campaign() throws -> LoadedCampaign { try CampaignLoader.load(path: campaignPath, addressPolicy: .reservedDomainsAllowed) }

    func planning(_ store: some NurtureStore) throws -> CampaignPlanning {
        CampaignPlanning(store: store, campaign: try Self.campaign().campaign)
    }

    func composer() throws -> MessageComposer {
        let loaded = try Self.campaign()
        return MessageComposer(campaign: loaded.campaign, templates: try TemplateLibrary(directory: loaded.templatesDirectory))
    }

    /// Every plan at `now`, in store order.
    func plans(_ store: some NurtureStore, now: Date = AppFixture.now, only: EmailAddress? = nil, batchSize: Int = 1000) throws -> [ContactPlan] {
        var planning = try planning(store)
        planning.batchSize = batchSize
        var plans: [ContactPlan] = []
        try planning.forEachPlan(now: now, only: only) { plan, _ in plans.append(plan) }
        return plans
    }

    /// Everything a command could change: per contact, the history the planner sees.
    func histories(_ store: some NurtureStore) throws -> [ContactHistory] {
        var all: [ContactHistory] = []
        try store.forEachHistoryBatch(campaign: "lead-nurture", only: nil, batchSize: 1000) { all += $0 }
        return all
    }

    static func address(_ text: String) -> EmailAddress {
        do { return try EmailAddress(text, policy: .reservedDomainsAllowed) } catch { preconditionFailure("bad address \(text)") }
    }
}
