import ArgumentParser
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender

/// `--campaign FILE` and `--contact EMAIL`, and loading what they name.
struct CampaignOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The campaign file.", valueName: "file")) var campaign: String
    @Option(help: ArgumentHelp("Only this contact.", valueName: "email")) var contact: String?

    func load() throws -> LoadedCampaign { try CampaignLoader.load(path: campaign) }

    func templates(for loaded: LoadedCampaign) throws -> TemplateLibrary {
        try TemplateLibrary(directory: loaded.templatesDirectory)
    }

    func only() throws -> EmailAddress? {
        try contact.map { text in
            do { return try EmailAddress(text) } catch { throw NurtureError("--contact: \(error)") }
        }
    }
}
