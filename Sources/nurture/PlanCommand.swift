import ArgumentParser
import Foundation
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender

extension PlanFormat: ExpressibleByArgument {}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Say for every contact what the next nurture step is, when, and why. Read-only.",
        discussion: "text: an aligned table for people. json: JSON Lines, one object per contact."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var campaign: CampaignSetOptions
    @Option(help: "text or json.") var format: PlanFormat = .text

    func run() throws {
        let now = try clock.now()
        try reportingErrors {
            let loaded = try campaign.load()
            let only = try campaign.only()
            var planning = CampaignPlanning(store: try StoreOpener.openForReading(path: store.db), campaigns: loaded.map(\.campaign))
            // A send whose template cannot be rendered shows as the skip preview and run would make of it.
            for item in loaded {
                if let library = try? TemplateLibrary(directory: item.templatesDirectory) { planning.templates[item.campaign.name] = library }
            }
            let output = FileHandleOutput(.standardOutput)
            defer { output.flush() }
            switch format {
            case .text:
                let table = PlanTableWriter(showCampaign: loaded.count > 1)
                try planning.forEachPlan(now: now, only: only) { plan, _ in table.add(plan) }
                table.finish(to: output)
            case .json:
                // Lines are made on the planning's slices, side by side, and written in order.
                let writer = PlanJSONWriter()
                try planning.forEachPlan(now: now, only: only, prepare: { plan, _ in Result { try writer.lineUTF8(plan) } }) { _, _, line in
                    output.line(utf8: try line.get())
                }
            }
        }
    }
}
