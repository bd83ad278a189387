import ArgumentParser
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender

/// `--campaign FILE` and `--contact EMAIL`, and loading what they name.
struct CampaignOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The campaign file.", valueName: "file")) var campaign: String
    @Option(help: ArgumentHelp("Only this contact.", valueName: "email")) var contact: String?

    func load() throws -> LoadedCampaign { try CampaignLoader.load(path: campaign, addressPolicy: addressPolicy()) }

    func only() throws -> EmailAddress? { try parseContact(contact) }

    func templates(for loaded: LoadedCampaign) throws -> TemplateLibrary {
        try TemplateLibrary(directory: loaded.templatesDirectory)
    }
}

/// `--campaign FILE` repeated (every `campaigns/*.yaml` when none is named) and `--contact EMAIL`: for the
/// commands that plan several campaigns together with one pacing budget.
struct CampaignSetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A campaign file; repeat to plan several together (default: every campaigns/*.yaml but pacing.yaml).", valueName: "file"))
    var campaign: [String] = []
    @Option(help: ArgumentHelp("Only this contact.", valueName: "email")) var contact: String?

    init() {}

    /// The files given another way (commands whose own options name the campaigns).
    init(campaign: [String]) { self.campaign = campaign }

    func load() throws -> [LoadedCampaign] {
        var files = campaign
        if files.isEmpty {
            files = CampaignLoader.campaignFiles(in: "campaigns")
            if files.isEmpty { throw NurtureError("no campaign files: pass --campaign FILE, or run in a folder with campaigns/*.yaml") }
        }
        let loaded = try files.map { try CampaignLoader.load(path: $0, addressPolicy: addressPolicy()) }
        var seen: [String: String] = [:]
        for item in loaded {
            if let first = seen[item.campaign.name] {
                throw NurtureError("\(item.file): campaign name '\(item.campaign.name)' is also the name of \(first); each campaign needs its own name (it keys the ledger)")
            }
            seen[item.campaign.name] = item.file
        }
        return loaded
    }

    func only() throws -> EmailAddress? { try parseContact(contact) }

    func templates(for loaded: LoadedCampaign) throws -> TemplateLibrary {
        try TemplateLibrary(directory: loaded.templatesDirectory)
    }

}

private func parseContact(_ contact: String?) throws -> EmailAddress? {
    try contact.map { try commandLineAddress($0, option: "--contact", lookup: true) }
}
