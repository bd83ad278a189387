import ArgumentParser
import Foundation
import NurtureApp
import NurtureCampaign

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check campaign files and their templates; print file:line: message for each problem.",
        discussion: "Without an argument, checks every campaigns/*.yaml. Exit status 1 when any problem is found; warnings (file:line: warning: …) are shown and do not fail."
    )

    @Argument(help: "Campaign files (default: campaigns/*.yaml).") var campaigns: [String] = []
    @Option(name: .long, help: ArgumentHelp("The store whose contacts' custom fields templates may use (when it exists).", valueName: "path"))
    var db: String = StoreOpener.defaultPath

    func run() throws {
        try reportingErrors {
            var files = campaigns
            if files.isEmpty {
                files = CampaignLoader.campaignFiles(in: "campaigns")
                if files.isEmpty { throw NurtureError("no campaign files: pass one, or run in a folder with campaigns/*.yaml") }
            }
            var customFields: Set<String> = []
            if FileManager.default.fileExists(atPath: db) {
                customFields = try StoreOpener.openForReading(path: db).customFieldNames()
            }
            var total = 0
            for file in files {
                let (problems, warnings) = CampaignValidation(customFields: customFields, addressPolicy: addressPolicy()).report(path: file)
                for line in problems + warnings { print(line) }
                total += problems.count
                if problems.isEmpty {
                    printError("\(file): ok" + (warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s"))"))
                }
            }
            if total > 0 {
                printError("\(total) problem\(total == 1 ? "" : "s") found")
                throw ExitCode.failure
            }
        }
    }
}
