/// Who a message goes to and comes from, as the SMTP envelope says (MAIL FROM / RCPT TO).
public struct Envelope: Hashable, Sendable {
    public var mailFrom: EmailAddress
    public var recipient: EmailAddress

    public init(mailFrom: EmailAddress, recipient: EmailAddress) {
        self.mailFrom = mailFrom
        self.recipient = recipient
    }
}

/// One message ready for the wire, tied to its ledger row.
public struct OutgoingMessage: Sendable {
    public var ledgerID: Int64
    public var envelope: Envelope
    /// The complete RFC 5322 message with CRLF line endings (no bare CR or LF).
    public var bytes: [UInt8]
    /// What the transport waits for before it completes the message (nil: nothing, it may complete at once).
    public var gate: (any DeliveryGate)?

    public init(ledgerID: Int64, envelope: Envelope, bytes: [UInt8], gate: (any DeliveryGate)? = nil) {
        self.ledgerID = ledgerID
        self.envelope = envelope
        self.bytes = bytes
        self.gate = gate
    }
}

/// Something that hands messages to a mail server. `send` never throws: every way a delivery can end
/// is a `DeliveryOutcome`.
public protocol MailTransport: Sendable {
    func send(_ message: OutgoingMessage) async -> DeliveryOutcome
    /// Stops the transport; `send` calls made afterwards end `.deferred` without touching the network.
    func shutdown() async
    /// Where a send loop should run its tasks, if the transport has a better place than the default executor
    /// (a connection pool's own threads: handing a message over and hearing back then switches no thread).
    var preferredExecutor: (any TaskExecutor)? { get }
    /// How many messages a send loop should hand over beyond one per connection, so that a connection starts its
    /// next message the moment one ends, while the loop hears of the outcome. A message still queued when one
    /// ends in a way that stops the run (`DeliveryOutcome.stopsRun`) ends `.notStarted`, never sent.
    var messagesAhead: Int { get }
}

extension MailTransport {
    public var preferredExecutor: (any TaskExecutor)? { nil }
    public var messagesAhead: Int { 0 }
}
