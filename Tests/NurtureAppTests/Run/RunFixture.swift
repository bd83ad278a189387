import Foundation
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender
import NurtureSMTP
import NurtureStore
import NurtureTestSupport

/// A real store file in a fresh folder, with contacts who each downloaded an e-book an hour before
/// `now`, and the sample campaign with the shipped templates.
final class RunFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardizedFileURL
    static let now = TestTime.at("2026-11-23T09:00:00Z")

    private let folder: TemporaryFolder
    var directory: URL { folder.url }
    let store: SQLiteStore
    let loaded: LoadedCampaign
    let composer: MessageComposer

    /// - Parameter notesInThankYou: copy the shipped templates and show the contact's `notes` column in the
    ///   thank-you text, to make messages as large as a test needs.
    init(contacts: [String], customColumns: [String: String] = [:], notesInThankYou: Bool = false) throws {
        folder = try TemporaryFolder(prefix: "nurture-run")
        store = try SQLiteStore(path: folder.path("nurture.sqlite"))
        let extraNames = customColumns.keys.sorted()
        var csv = (["email", "first_name", "stage", "interests"] + extraNames).joined(separator: ",") + "\n"
        var events = "email,type,at,content\n"
        for (index, email) in contacts.enumerated() {
            csv += ([email, "Person\(index)", "lead", "data-engineering"] + extraNames.map { customColumns[$0]! }).joined(separator: ",") + "\n"
            events += "\(email),content_downloaded,2026-11-23T08:00:00Z,ebook-modern-data-stack\n"
        }
        let contactsFile = try folder.write("contacts.csv", csv)
        let eventsFile = try folder.write("events.csv", events)
        let importer = ImportService(store: store, addressPolicy: .reservedDomainsAllowed)
        _ = try importer.importContacts(path: contactsFile)
        _ = try importer.importEvents(path: eventsFile)
        loaded = try CampaignLoader.load(path: Self.root.appendingPathComponent("campaigns/lead-nurture.yaml").path, addressPolicy: .reservedDomainsAllowed)
        var templates = loaded.templatesDirectory
        if notesInThankYou {
            let copy = folder.url.appendingPathComponent("templates")
            try FileManager.default.copyItem(atPath: templates, toPath: copy.path)
            let file = copy.appendingPathComponent("thank-you.text.mustache")
            let text = try String(contentsOf: file, encoding: .utf8)
            try (text + "\n{{#notes}}{{notes}}{{/notes}}\n").write(to: file, atomically: true, encoding: .utf8)
            templates = copy.path
        }
        composer = MessageComposer(campaign: loaded.campaign, templates: try TemplateLibrary(directory: templates))
    }


    func service(url: String, connections: Int = 2, limit: Int? = nil, user: String? = nil, password: String? = nil,
                 responseTimeout: Duration = .seconds(5), at clock: Date = RunFixture.now, pageSize: Int = 500) throws -> (RunService, SMTPConnectionPool) {
        let configuration = try SMTPConfiguration(
            url: url, user: user, password: password.map(SMTPSecret.init), connectTimeout: .seconds(5),
            responseTimeout: responseTimeout, connections: connections, addressPolicy: .reservedDomainsAllowed
        )
        let pool = SMTPConnectionPool(configuration: configuration)
        let service = RunService(store: store, composer: composer, transport: pool,
                                 options: RunOptions(connections: connections, limit: limit, pageSize: pageSize), clock: { clock })
        return (service, pool)
    }

    func run(url: String, connections: Int = 2, limit: Int? = nil, user: String? = nil, password: String? = nil,
             responseTimeout: Duration = .seconds(5), at clock: Date = RunFixture.now, pageSize: Int = 500) async throws -> RunSummary {
        let (service, pool) = try service(url: url, connections: connections, limit: limit, user: user, password: password,
                                          responseTimeout: responseTimeout, at: clock, pageSize: pageSize)
        let summary = try await service.run()
        await pool.shutdown()
        return summary
    }

    func ledger(_ states: [DeliveryState] = []) throws -> [LedgerEntry] {
        try store.entries(LedgerQuery(campaign: loaded.campaign.name, states: states))
    }

    /// What the planner and composer make for every contact at `now`: the bytes a run must put on the wire.
    func expectedMessages(at now: Date = RunFixture.now) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let planning = CampaignPlanning(store: store, campaign: loaded.campaign)
        try planning.forEachPlan(now: now) { plan, history in
            guard case let .send(send) = plan.decision else { return }
            out[plan.contact.email.value] = try composer.compose(send, for: history, date: now).bytes
        }
        return out
    }
}
