import Foundation
import NurtureCore
import NurtureRender

/// One email ready to go: who, which ledger entry, the rendered parts and the exact bytes for the wire.
public struct ComposedMessage: Sendable {
    public var contact: Contact
    public var send: Decision.Send
    public var messageID: String
    public var envelope: Envelope
    public var rendered: RenderedEmail
    /// The complete RFC 5322 message, CRLF line endings.
    public var bytes: [UInt8]
    /// The campaign it belongs to.
    public var campaign: String
    /// The contact's qualified stage, score and band the templates saw (nil when the campaign does not score).
    public var standing: Standing?

    public init(
        contact: Contact, send: Decision.Send, messageID: String, envelope: Envelope, rendered: RenderedEmail, bytes: [UInt8],
        campaign: String = "", standing: Standing? = nil
    ) {
        self.campaign = campaign
        self.standing = standing
        self.contact = contact
        self.send = send
        self.messageID = messageID
        self.envelope = envelope
        self.rendered = rendered
        self.bytes = bytes
    }
}
