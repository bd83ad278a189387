import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import contacts, events or bounces into the store.",
        subcommands: [Contacts.self, Events.self, Bounces.self]
    )

    struct Contacts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upsert contacts from a CSV file (keyed on the email address).",
            discussion: """
                Header row required; `email` required. Known columns: first_name, last_name, company, job_title, \
                stage, interests (separated by ;), timezone (IANA), score. Any other column is a custom field. \
                An empty cell leaves the stored value as it is. A stage must be on the ladder of a campaign in \
                campaigns/ (the default ladder when there is none). Bad rows are reported with their line and skipped; \
                the rest import in one transaction.
                """
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The contacts CSV file.") var file: String

        func run() throws {
            let (ladders, warnings) = ImportService.ladders(inCampaignsFolder: "campaigns", addressPolicy: addressPolicy())
            for warning in warnings { printError(warning) }
            try importFile(file, into: store.db, create: true, ladders: ladders) { try $0.importContacts(path: $1) }
        }
    }

    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add events from a CSV or JSON Lines file (.csv / .jsonl).",
            discussion: """
                Fields: email, type, at (ISO 8601 with offset), optional content (a catalog item id); other fields \
                are kept as properties. Re-importing the same file adds nothing twice.
                """
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The events file (.csv or .jsonl).") var file: String

        func run() throws {
            // Events need their contacts: a missing store is an error, not a new empty one.
            try importFile(file, into: store.db, create: false) { try $0.importEvents(path: $1) }
        }
    }
}

extension ImportCommand {
    struct Bounces: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read delivery status notifications (RFC 3464) from an mbox file.",
            discussion: """
                Hard bounces (Action failed, Status 5.x.x) suppress the address for every campaign, with the diagnostic; \
                a bounce that names a ledger entry by its Message-ID marks it bounced. Soft ones (4.x.x, delayed) are \
                recorded and listed, not suppressed. Messages that are no delivery report are skipped; what cannot be \
                read is reported with its message number and line (exit status 1).
                """
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The mbox file.") var file: String

        func run() throws {
            try reportingErrors {
                let log = try SuppressionAccess.open(path: store.db, forWriting: true)
                let report = try BounceImportService(log: log, addressPolicy: addressPolicy()).importMailbox(path: file, now: Date())
                for line in BounceImportService.problemLines(report, file: file) { printError(line) }
                for line in BounceImportService.softLines(report) { print(line) }
                print(BounceImportService.summary(report, file: file))
                if !report.problems.isEmpty { throw ExitCode.failure }
            }
        }
    }
}

/// Imports `file` with `body` and reports: each rejected row on standard error, the counts on standard output.
private func importFile(
    _ file: String, into db: String, create: Bool, ladders: [StageLadder] = [.default], _ body: (ImportService, String) throws -> ImportReport
) throws {
    try reportingErrors {
        let service = ImportService(store: try StoreOpener.open(path: db, create: create), addressPolicy: addressPolicy(), ladders: ladders)
        let report = try body(service, file)
        for line in ImportService.rejections(report, file: file) { printError(line) }
        print(ImportService.summary(report, file: file))
    }
}
