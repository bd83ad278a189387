import Foundation
import NurtureCore

/// `nurture send-test`: one real email of one step, as a contact would get it, to another address.
/// Not recorded in the ledger; the subject says it is a test.
public struct SendTestService {
    public let store: any NurtureStore
    public let composer: MessageComposer
    public let transport: any MailTransport

    public init(store: any NurtureStore, composer: MessageComposer, transport: any MailTransport) {
        self.store = store
        self.composer = composer
        self.transport = transport
    }

    public func send(step: String, contact: EmailAddress, to recipient: EmailAddress, now: Date) async throws -> (ComposedMessage, DeliveryOutcome) {
        guard var history = try store.historyPage(campaign: composer.campaign.name, only: contact, after: nil, limit: 1).first else {
            throw NurtureError("no contact \(contact) in the store")
        }
        // A test shows the step as the contact would get it, whatever the ledger says was sent already.
        history.sent.removeAll { $0.step == step }
        let planner = Planner(campaign: composer.campaign)
        let send: Decision.Send
        switch planner.candidate(step: step, for: history, now: now) {
        case let .success(candidate): send = candidate
        case let .failure(unavailable): throw NurtureError(unavailable.reason)
        }
        let message = try composer.compose(send, for: history, date: now, testRecipient: recipient)
        let outcome = await transport.send(OutgoingMessage(ledgerID: 0, envelope: message.envelope, bytes: message.bytes))
        return (message, outcome)
    }
}
