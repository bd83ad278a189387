import NurtureTestSupport
import NurtureCore
@testable import NurtureSMTP

enum TestMessages {
    static let sender = try! EmailAddress("news@sender.example", policy: .reservedDomainsAllowed)
    static let recipient = try! EmailAddress("ada@recipient.example", policy: .reservedDomainsAllowed)

    /// A small CRLF message whose Subject names its ledger id.
    static func message(_ ledgerID: Int64, body: String = "Hello.\r\n") -> OutgoingMessage {
        let text = "From: news@sender.example\r\nTo: ada@recipient.example\r\nSubject: ledger \(ledgerID)\r\n\r\n" + body
        return OutgoingMessage(ledgerID: ledgerID, envelope: Envelope(mailFrom: sender, recipient: recipient),
                               bytes: Array(text.utf8))
    }

    static func configuration(_ server: TestSMTPServer, responseTimeout: Duration = .seconds(10),
                              connections: Int = 1, user: String? = nil, password: String? = nil,
                              maxMessagesPerConnection: Int = 100) throws -> SMTPConfiguration {
        try SMTPConfiguration(url: server.url, user: user, password: password.map(SMTPSecret.init),
                              connectTimeout: .seconds(5), responseTimeout: responseTimeout,
                              connections: connections, maxMessagesPerConnection: maxMessagesPerConnection,
                              addressPolicy: .reservedDomainsAllowed)
    }

    /// Sends one message through a fresh pool and shuts it down.
    static func sendOne(_ message: OutgoingMessage, with configuration: SMTPConfiguration) async -> DeliveryOutcome {
        let pool = SMTPConnectionPool(configuration: configuration)
        let outcome = await pool.send(message)
        await pool.shutdown()
        return outcome
    }
}
