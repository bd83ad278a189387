import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore

struct SuppressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suppression",
        abstract: "The addresses that get no more mail: list them, import a list, lift one with a reason.",
        subcommands: [List.self, Import.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List suppressions, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Only this address.", valueName: "email")) var email: String?
        @Option(help: "text, csv or json (JSON Lines).") var format: SuppressionListFormat = .text
        @Option(help: "At most this many suppressions.") var limit: Int = 100_000

        func run() throws {
            try reportingErrors {
                let only = try email.map { try commandLineAddress($0, option: "--email", lookup: true) }
                let list = try SuppressionAccess.open(path: store.db, forWriting: false)
                let output = FileHandleOutput(.standardOutput)
                defer { output.flush() }
                try SuppressionListWriter.write(try list.suppressions(email: only, limit: limit), format: format, to: output)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suppress, for every campaign, the addresses of a list exported from another email service.",
            discussion: """
                A plain list (one address a line; blank lines and # comments skipped) or a CSV file with a header row \
                naming the address column (email, email address, email_address, e-mail, address or recipient). \
                Bad lines are reported with their line and skipped (exit status 1); the rest import in one transaction.
                """
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The list file.") var file: String

        func run() throws {
            try reportingErrors {
                let service = SuppressionService(list: try SuppressionAccess.open(path: store.db, forWriting: true, create: true), addressPolicy: addressPolicy())
                let report = try service.importList(path: file, at: Date())
                for line in ImportService.rejections(report, file: file) { printError(line) }
                print(SuppressionService.summary(report, file: file))
                if !report.rejected.isEmpty { throw ExitCode.failure }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift a suppression (the address may be emailed again); the audit keeps it with the reason.",
            discussion: "Without --campaign, the suppression for every campaign; with it, that campaign's."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The suppressed address.", valueName: "email")) var email: String
        @Option(help: ArgumentHelp("The campaign whose suppression to lift.", valueName: "name")) var campaign: String?
        @Option(help: ArgumentHelp("Why the address may be emailed again (required, kept in the audit).", valueName: "text")) var reason: String?

        func run() throws {
            try reportingErrors {
                guard let reason else { throw NurtureError("--reason is required: say why \(email.debugSafe) may be emailed again (kept in the audit)") }
                let address = try commandLineAddress(email, option: "EMAIL", lookup: true)
                let service = SuppressionService(list: try SuppressionAccess.open(path: store.db, forWriting: true))
                print(try service.remove(email: address, campaign: campaign, reason: reason, at: Date()))
            }
        }
    }
}

extension SuppressionListFormat: ExpressibleByArgument {}
