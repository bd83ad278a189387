import ArgumentParser
import Foundation
import NurtureApp

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Play the campaign forward day by day and print each contact's timeline. Read-only.",
        discussion: """
            Each email at its first paced slot from --from on (gaps, caps and send windows across the campaigns); the contacts are assumed to do nothing new. \
            json: JSON Lines, one object per simulated email.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var campaign: CampaignSetOptions
    @Option(help: "How many days to simulate (1 to 3650).") var days: Int
    @Option(help: ArgumentHelp("Start time (ISO 8601 with offset); default now.", valueName: "time")) var from: String?
    @Option(help: "text or json.") var format: PlanFormat = .text

    func validate() throws {
        guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
    }

    func run() throws {
        let start = try ClockOptions.time(from, option: "--from")
        try reportingErrors {
            let loaded = try campaign.load()
            let planning = CampaignPlanning(store: try StoreOpener.openForReading(path: store.db), campaigns: loaded.map(\.campaign))
            let service = SimulationService(planning: planning)
            let output = FileHandleOutput(.standardOutput)
            defer { output.flush() }
            switch format {
            case .text:
                let writer = TimelineTextWriter(showCampaign: loaded.count > 1)
                try service.forEachTimeline(from: start, days: days, only: try campaign.only()) { writer.write($0, to: output) }
                writer.finish(to: output)
            case .json:
                let writer = TimelineJSONWriter()
                try service.forEachTimeline(from: start, days: days, only: try campaign.only()) { try writer.write($0, to: output) }
            }
        }
    }
}
