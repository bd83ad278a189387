import NurtureCampaign
import NurtureCore
import NurtureImport

/// `nurture import contacts|events FILE`: streams the file into the store in one transaction.
public struct ImportService {
    public let store: any NurtureStore
    /// What the files' addresses are checked against.
    public let addressPolicy: EmailAddress.Policy
    /// The stages a contact may be at: every rung of the campaigns' ladders, in ladder order.
    public var knownStages: [Stage]

    public init(store: any NurtureStore, addressPolicy: EmailAddress.Policy = .standard, ladders: [StageLadder] = [.default]) {
        self.store = store
        self.addressPolicy = addressPolicy
        var stages: [Stage] = []
        for stage in ladders.flatMap(\.stages) where !stages.contains(stage) { stages.append(stage) }
        self.knownStages = stages
    }

    public func importContacts(path: String) throws -> ImportReport {
        try store.importContacts(try ContactsCSVSource(path: path, addressPolicy: addressPolicy, knownStages: knownStages))
    }

    /// The ladders of the campaign files in `directory` that can be read (the default ladder when there are
    /// none), and a warning for each file that cannot be: its stages are unknown to this import, and a row at
    /// one of them would be refused with a misleading list of stages.
    public static func ladders(inCampaignsFolder directory: String, addressPolicy: EmailAddress.Policy) -> (ladders: [StageLadder], warnings: [String]) {
        var ladders: [StageLadder] = []
        var warnings: [String] = []
        for file in CampaignLoader.campaignFiles(in: directory) {
            let (loaded, problems) = CampaignLoader.check(path: file, addressPolicy: addressPolicy)
            if let loaded {
                ladders.append(loaded.campaign.ladder)
            } else {
                let first = problems.first.map { ": \($0)" } ?? ""
                warnings.append("warning: \(file) cannot be read, so its stages are not checked against (\(problems.count) problem\(problems.count == 1 ? "" : "s")\(first); run `nurture validate`)")
            }
        }
        return (ladders.isEmpty ? [.default] : ladders, warnings)
    }

    public func importEvents(path: String) throws -> ImportReport {
        try store.importEvents(try EventsFileSource(path: path, addressPolicy: addressPolicy))
    }

    /// `contacts.csv: 48 imported, 2 updated, 0 unchanged, 1 rejected`.
    public static func summary(_ report: ImportReport, file: String) -> String {
        "\(file): \(report.imported) imported, \(report.updated) updated, \(report.unchanged) unchanged, \(report.rejected.count) rejected"
    }

    /// `contacts.csv:12: email 'x' has no @`, one per rejected row, then `contacts.csv:14: warning: …`, one
    /// per row imported with a warning, in line order.
    public static func rejections(_ report: ImportReport, file: String) -> [String] {
        let lines = report.rejected.map { ($0.line, "\(file):\($0.line): \($0.reason)") }
            + report.warnings.map { ($0.line, "\(file):\($0.line): warning: \($0.reason)") }
        return lines.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
