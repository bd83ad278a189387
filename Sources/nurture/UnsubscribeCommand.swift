import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore

struct UnsubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsubscribe",
        abstract: "Stop emailing a contact: from every campaign, or from one (--campaign).",
        discussion: "The address need not be a contact yet: it will never be emailed. `nurture suppression remove` undoes it, with a reason."
    )
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The address to unsubscribe.", valueName: "email")) var email: String?
    @Option(help: ArgumentHelp("Only from this campaign (its name); without it, from everything.", valueName: "name")) var campaign: String?

    func run() throws {
        try reportingErrors {
            let service = UnsubscribeService(list: try SuppressionAccess.open(path: store.db, forWriting: true))
            print(try service.unsubscribe(try target(), campaign: campaign, detail: "nurture unsubscribe (command line)", at: Date()))
        }
    }

    /// The contact the command names. Exactly one way to name it; each way is one case of the target.
    private func target() throws -> UnsubscribeService.Target {
        guard let email else { throw NurtureError("name the contact to unsubscribe: nurture unsubscribe EMAIL") }
        return .address(try commandLineAddress(email, option: "EMAIL", lookup: true))
    }
}
