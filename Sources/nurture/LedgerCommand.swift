import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "What was sent, when, and what the server said; resolve unknown outcomes.",
        subcommands: [List.self, Resolve.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List ledger entries, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Only this contact.", valueName: "email")) var contact: String?
        @Option(help: ArgumentHelp("Only this state: \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "state")) var state: [String] = []
        @Option(help: ArgumentHelp("Only this campaign.", valueName: "name")) var campaign: String?
        @Flag(help: "Only messages whose outcome is unknown (they may have been delivered).") var unknown = false
        @Option(help: "text or json.") var format: PlanFormat = .text
        @Option(help: "At most this many entries.") var limit: Int = 1000

        func run() throws {
            try reportingErrors {
                var states = try state.map { name in
                    guard let state = DeliveryState(rawValue: name) else {
                        throw NurtureError("--state '\(name)' is not one of \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return state
                }
                if unknown { states.append(.unknown) }
                let only = try contact.map { try commandLineAddress($0, option: "--contact", lookup: true) }
                let ledger = try LedgerAccess.open(path: store.db, forWriting: false)
                let entries = try ledger.entries(LedgerQuery(campaign: campaign, contact: only, states: states, limit: limit))
                let output = FileHandleOutput(.standardOutput)
                defer { output.flush() }
                switch format {
                case .text: LedgerTable.write(entries, to: output)
                case .json: try LedgerTable.writeJSON(entries, to: output)
                }
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say what became of a message whose outcome is unknown.",
            discussion: "`--as sent`: it arrived (check the relay's logs or ask the contact). `--as failed`: it did not; it will not be sent again either."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The ledger entry id (first column of `nurture ledger`).") var id: Int64
        @Option(name: .customLong("as"), help: "sent or failed.") var outcome: String
        @Option(help: "A note kept with the entry.") var note: String = "resolved by hand"

        func run() throws {
            try reportingErrors {
                guard let state = DeliveryState(rawValue: outcome), state == .sent || state == .failed else {
                    throw NurtureError("--as must be sent or failed, not '\(outcome)'")
                }
                let entry = try LedgerAccess.open(path: store.db, forWriting: true).resolve(id: id, as: state, note: note, at: Date())
                print("ledger entry \(entry.id) (\(entry.email), \(entry.step)) is now \(entry.state.rawValue)")
            }
        }
    }
}
