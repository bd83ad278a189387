import ArgumentParser
import Foundation
import NurtureApp
import NurtureCore
import NurtureSMTP

struct SendTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send one real test email of a step, rendered for a contact, to another address.",
        discussion: "Nothing is recorded in the ledger; the subject starts with [test]."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var campaign: CampaignOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var dkim: DKIMOptions
    @Option(help: "The step id.") var step: String
    @Option(help: ArgumentHelp("Where the test email goes.", valueName: "address")) var to: String

    func run() async throws {
        let now = try clock.now()
        try await reportingErrorsAsync {
            guard let contact = try campaign.only() else { throw ValidationError("--contact is required") }
            let recipient = try commandLineAddress(to, option: "--to", lookup: false)
            let loaded = try campaign.load()
            let signing = try dkim.setup(for: [loaded])
            let composer = MessageComposer(campaign: loaded.campaign, templates: try campaign.templates(for: loaded), signer: signing.signers[loaded.campaign.name])
            let transport = SMTPConnectionPool(configuration: try smtp.configuration(connections: 1))
            let service = SendTestService(store: try StoreOpener.openForReading(path: store.db), composer: composer, transport: transport)
            let result: (ComposedMessage, DeliveryOutcome)
            do {
                result = try await service.send(step: step, contact: contact, to: recipient, now: now)
            } catch {
                await transport.shutdown()
                throw error
            }
            await transport.shutdown()
            let (message, outcome) = result
            guard case .sent = outcome else {
                throw NurtureError("test email not sent: \(outcome.reply)")
            }
            print("sent \(message.send.step) for \(contact) to \(recipient): \(message.rendered.subject) (\(outcome.reply))")
            signing.printWarnings(composedAny: true)
        }
    }
}
