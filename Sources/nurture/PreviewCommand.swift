import ArgumentParser
import Foundation
import NurtureApp
import NurtureRender

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render every due message to DIR as .eml files and an index.html to open in a browser.",
        discussion: "Sends nothing and changes nothing in the store. The .eml files are the exact bytes that would be sent, DKIM-signed when a key is configured."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var campaign: CampaignSetOptions
    @OptionGroup var dkim: DKIMOptions
    @Option(help: ArgumentHelp("Where to write the messages and index.html.", valueName: "dir")) var out: String

    func run() throws {
        let now = try clock.now()
        try reportingErrors {
            let loadedAll = try campaign.load()
            let signing = try dkim.setup(for: loadedAll)
            let opened = try StoreOpener.openForReading(path: store.db)
            let planning = CampaignPlanning(store: opened, campaigns: loadedAll.map(\.campaign))
            // A preview is how templates get fixed: it warns rather than refuses.
            let validation = CampaignValidation(customFields: try opened.customFieldNames())
            // Each template directory is loaded once, for the warnings and for composing.
            let libraries = loadedAll.map { loaded in Result { () throws(TemplateError) in try TemplateLibrary(directory: loaded.templatesDirectory) } }
            for (loaded, library) in zip(loadedAll, libraries) {
                for problem in validation.templateProblems(loaded, templates: try? library.get()) { printError("warning: \(problem)") }
            }
            // Links signed with the configured secret, as a run signs them (without one, a fixed stand-in key).
            let keys = try UnsubscribeKeys.fromEnvironment()
            let composers = try zip(loadedAll, libraries).map { loaded, library in
                MessageComposer(campaign: loaded.campaign, templates: try library.get(), signer: signing.signers[loaded.campaign.name], unsubscribeKeys: keys)
            }
            let report = try PreviewService(planning: planning, composers: composers).run(now: now, only: try campaign.only(), outputDirectory: out)
            for line in report.lines { print(line) }
            signing.printWarnings(composedAny: report.rendered > 0)
            print("open \((out as NSString).appendingPathComponent("index.html"))")
        }
    }
}
