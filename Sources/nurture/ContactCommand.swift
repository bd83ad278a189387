import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore

extension ContactListFormat: ExpressibleByArgument {}

/// `nurture contact EMAIL`: one contact's profile, score and stage history; with `--stage`, a person sets the stage.
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Show one contact: profile, score and why, BANT, stage history, events, ledger and next steps.",
        discussion: """
            With --stage S --reason "…" a person sets the contact's stage (recorded with --at, the reason and --by); \
            it wins over the scoring rules until a later event moves the contact up. json: one JSON object.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions
    @Argument(help: "The contact's address.") var email: String
    @Option(help: ArgumentHelp("A campaign file; repeat for several (default: every campaigns/*.yaml but pacing.yaml).", valueName: "file"))
    var campaign: [String] = []
    @Option(help: ArgumentHelp("Set the contact's stage (a rung of a campaign's ladder).", valueName: "stage")) var stage: String?
    @Option(help: ArgumentHelp("Why the stage is set (required with --stage).", valueName: "text")) var reason: String?
    @Option(help: ArgumentHelp("Who sets it (default: $USER).", valueName: "name")) var by: String?
    @Option(help: "text or json.") var format: PlanFormat = .text

    func validate() throws {
        if stage != nil && reason == nil { throw ValidationError("--stage needs --reason \"why\"") }
        if stage == nil && (reason != nil || by != nil) { throw ValidationError("--reason and --by go with --stage") }
        for (option, value) in [("--reason", reason), ("--by", by)] {
            guard let value else { continue }
            if value.trimmingASCIIWhitespace().isEmpty { throw ValidationError("\(option) is empty") }
            if value.containsLineBreakOrControl { throw ValidationError("\(option) contains a line break or control character") }
        }
    }

    func run() throws {
        let now = try clock.now()
        try reportingErrors {
            let address = try commandLineAddress(email, option: "EMAIL", lookup: true)
            let loaded = try CampaignSetOptions(campaign: campaign).load()
            let campaigns = loaded.map(\.campaign)
            if let stage, let reason {
                let person = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
                let writable = CampaignPlanning(store: try StoreOpener.open(path: store.db, create: false), campaigns: campaigns)
                try ContactProfileService(planning: writable).setStage(Stage(stage), of: address, reason: reason, by: person, at: now)
            }
            let service = ContactProfileService(planning: CampaignPlanning(store: try StoreOpener.openForReading(path: store.db), campaigns: campaigns))
            let profile = try service.profile(of: address, at: now)
            let output = FileHandleOutput(.standardOutput)
            defer { output.flush() }
            switch format {
            case .text: ContactProfileTextWriter().write(profile, to: output)
            case .json: try ContactProfileJSONWriter().write(profile, to: output)
            }
        }
    }
}

/// `nurture contacts`: the sales team's priority list.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "List contacts by score, highest first, with their stage, top rules and last signal. Read-only.",
        discussion: "text: an aligned table. json: JSON Lines, one object per contact. csv: for a spreadsheet."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions
    @Option(help: ArgumentHelp("A campaign file whose scoring to use (default: every campaigns/*.yaml; the first that names a scoring file).", valueName: "file"))
    var campaign: [String] = []
    @Option(help: ArgumentHelp("Only contacts at this stage.", valueName: "stage")) var stage: String?
    @Option(name: .customLong("min-score"), help: ArgumentHelp("Only contacts scoring at least this.", valueName: "n")) var minScore: Int?
    @Option(help: "text, json or csv.") var format: ContactListFormat = .text

    func run() throws {
        let now = try clock.now()
        try reportingErrors {
            let loaded = try CampaignSetOptions(campaign: campaign).load()
            let planning = CampaignPlanning(store: try StoreOpener.openForReading(path: store.db), campaigns: loaded.map(\.campaign))
            let entries = try ContactListService(planning: planning).list(at: now, stage: stage.map { Stage($0) }, minimumScore: minScore)
            let output = FileHandleOutput(.standardOutput)
            defer { output.flush() }
            try ContactListWriter(format: format).write(entries, to: output)
        }
    }
}
