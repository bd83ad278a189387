import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore

struct UnsubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsubscribe",
        abstract: "Stop emailing a contact: from every campaign, or from one (--campaign); or as a link's token says.",
        discussion: """
            The address need not be a contact yet: it will never be emailed. With --token (the t= of an unsubscribe \
            link, checked with NURTURE_SECRET or NURTURE_SECRET_FILE) the link's contact is unsubscribed from the link's \
            campaign, as the one-click POST does. `nurture suppression remove` undoes it, with a reason.
            """
    )
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The address to unsubscribe.", valueName: "email")) var email: String?
    @Option(help: ArgumentHelp("Only from this campaign (its name); without it, from everything.", valueName: "name")) var campaign: String?
    @Option(help: ArgumentHelp("An unsubscribe link's token (its t= value), instead of an address.", valueName: "token")) var token: String?

    func validate() throws {
        if email != nil && token != nil { throw ValidationError("name the contact one way: an EMAIL or --token, not both") }
        if token != nil && campaign != nil { throw ValidationError("--token names its own campaign: leave out --campaign") }
    }

    func run() throws {
        try reportingErrors {
            let list = try SuppressionAccess.open(path: store.db, forWriting: true)
            switch try target() {
            case let .address(address):
                let service = UnsubscribeService(list: list)
                print(try service.unsubscribe(.address(address), campaign: campaign, detail: "nurture unsubscribe (command line)", at: Date()))
            case let .token(token):
                guard let keys = try UnsubscribeKeys.fromEnvironment() else {
                    throw NurtureError("--token: set NURTURE_SECRET (or NURTURE_SECRET_FILE) to the secret the links were signed with")
                }
                let service = UnsubscribeLinkService(suppressions: list, keys: keys, campaigns: [])
                guard let line = try service.unsubscribe(token: token, everything: false, source: "nurture unsubscribe --token", at: Date()).line else {
                    throw NurtureError("--token: not a valid unsubscribe token for this store (changed, cut short, signed with a secret no longer configured, or its contact is gone); nothing changed")
                }
                print(line)
            }
        }
    }

    /// How the command names the contact: exactly one way.
    private enum Target {
        case address(EmailAddress)
        case token(String)
    }

    private func target() throws -> Target {
        if let token { return .token(token.trimmingASCIIWhitespace()) }
        guard let email else { throw NurtureError("name the contact to unsubscribe: nurture unsubscribe EMAIL, or --token TOKEN") }
        return .address(try commandLineAddress(email, option: "EMAIL", lookup: true))
    }
}
