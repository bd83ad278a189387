import Foundation

/// Everything one email says: who from and to, subject, date, Message-ID, bodies and extra headers.
///
/// A value, built by `MessageBuilder` into RFC 5322 / MIME bytes.
public struct MailMessage: Hashable, Sendable {
    public var from: Mailbox
    public var to: Mailbox
    public var replyTo: Mailbox?
    public var subject: String
    /// Written in UTC as `Date:`; seconds are truncated.
    public var date: Date
    /// Complete with angle brackets: `<left@right>`.
    public var messageID: String
    /// The text/plain body; line breaks may be LF, CRLF or CR.
    public var textBody: String
    /// The text/html body; when set the message is `multipart/alternative`.
    public var htmlBody: String?
    /// Written after the builder's own headers, in order (List-Unsubscribe, List-Unsubscribe-Post, ...).
    public var extraHeaders: [MailHeader]

    public init(
        from: Mailbox,
        to: Mailbox,
        replyTo: Mailbox? = nil,
        subject: String,
        date: Date,
        messageID: String,
        textBody: String,
        htmlBody: String? = nil,
        extraHeaders: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
    }
}
