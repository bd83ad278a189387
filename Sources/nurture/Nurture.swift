import ArgumentParser
import Logging

@main
struct Nurture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs B2B lead-nurture email campaigns: plan, preview, simulate and send.",
        discussion: """
            Contacts and events live in an SQLite store (./nurture.sqlite, or --db PATH). Campaigns are YAML files \
            (campaigns/*.yaml) and emails Mustache templates (templates/).
            """,
        subcommands: [ImportCommand.self, ValidateCommand.self, PlanCommand.self, PreviewCommand.self, SimulateCommand.self, ContactCommand.self, ContactsCommand.self, RunCommand.self, ServeCommand.self, LedgerCommand.self, UnsubscribeCommand.self, SuppressionCommand.self, SendTestCommand.self, DKIMCommand.self]
    )

    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
