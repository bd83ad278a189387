/// Who a campaign's emails come from.
public struct Sender: Hashable, Sendable {
    public var name: String
    public var email: EmailAddress
    public var replyTo: EmailAddress?
    /// The postal address the footer must show (CAN-SPAM, bulk-sender rules).
    public var postalAddress: String
    /// Base of the unsubscribe link; the contact's token is appended.
    public var unsubscribeURL: String?
    /// The DKIM domain and selectors its mail is signed with, when the campaign names them.
    public var dkim: SenderDKIM?
    /// Where a prospect books a demo (`sender.booking_url` in templates): the demo offer's one call to action.
    public var bookingURL: String?
    /// The sender part of a `Feedback-ID` header (Gmail's feedback loop), when set: `campaign:step:feedback_id`.
    public var feedbackID: String?

    public init(name: String, email: EmailAddress, replyTo: EmailAddress? = nil, postalAddress: String, unsubscribeURL: String? = nil, dkim: SenderDKIM? = nil) {
        self.dkim = dkim
        self.name = name
        self.email = email
        self.replyTo = replyTo
        self.postalAddress = postalAddress
        self.unsubscribeURL = unsubscribeURL
    }
}
