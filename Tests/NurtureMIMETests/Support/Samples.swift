import Foundation
import NurtureCore
import NurtureMIME

/// Sample values for the MIME tests.
enum Samples {
    /// 2026-03-05 09:07:03.750 UTC, a Thursday.
    static let date = Date(timeIntervalSince1970: 1_772_701_623.75)

    static func address(_ text: String) -> EmailAddress {
        do { return try EmailAddress(text, policy: .reservedDomainsAllowed) } catch { preconditionFailure("bad sample address \(text): \(error)") }
    }

    static func mailbox(_ name: String?, _ email: String) -> Mailbox {
        Mailbox(displayName: name, address: address(email))
    }

    static func message(
        from: Mailbox = mailbox("Acme Sales", "sales@acme.example"),
        to: Mailbox = mailbox("Jane Doe", "jane@customer.example"),
        replyTo: Mailbox? = nil,
        subject: String = "Welcome aboard",
        messageID: String = "<n.welcome.s1.v1.c42@acme.example>",
        textBody: String = "Hello Jane,\nthanks for signing up.\n",
        htmlBody: String? = nil,
        extraHeaders: [MailHeader] = []
    ) -> MailMessage {
        MailMessage(
            from: from, to: to, replyTo: replyTo, subject: subject, date: date, messageID: messageID,
            textBody: textBody, htmlBody: htmlBody, extraHeaders: extraHeaders
        )
    }
}
