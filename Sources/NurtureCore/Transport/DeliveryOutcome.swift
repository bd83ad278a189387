/// How one delivery attempt ended. `reply` is what the server said (code and text, for example
/// "550 5.1.1 unknown user") or a description of the transport error; it never holds credentials.
public enum DeliveryOutcome: Hashable, Sendable {
    /// 2xx after the final dot: the server took responsibility for the message.
    case sent(reply: String)
    /// 4xx to this message (RCPT, DATA, after the body), or the connection lost before the body ended:
    /// retry this message later.
    case deferred(reply: String)
    /// The recipient does not exist (5.1.x on RCPT other than the sender's 5.1.7/5.1.8, or a bare 550/551/553
    /// "user unknown"): suppress the address for good.
    case bounced(reply: String)
    /// Another permanent rejection of this message (552/554 after the body, other 5xx on RCPT, a malformed
    /// message): not retried, not suppressed.
    case failed(reply: String)
    /// A policy rejection of this message (5.7.x on RCPT or after the body: relaying denied, content refused):
    /// not retried, not suppressed, and the run stops, because the next messages would meet the same policy.
    case refused(reply: String)
    /// No reply after the final dot, or the connection lost after the whole body was handed over:
    /// the message may have been delivered. Never resend automatically.
    case unknown(reply: String)
    /// The relay cannot take mail now (cannot connect, 4xx at the greeting, EHLO, STARTTLS or AUTH): nothing
    /// is wrong with this message; it goes back to the queue without counting an attempt, and the run stops.
    case unavailable(reply: String)
    /// Authentication failure, 5xx to the greeting, EHLO or MAIL FROM, the sender refused, TLS required but
    /// not offered, bad configuration: nothing can be sent until a person fixes it; the run stops and the
    /// message goes back to the queue.
    case fatal(reply: String)
    /// The transport never started the message: it was queued behind one whose outcome stops the run (see
    /// `MailTransport.messagesAhead`). Nothing went out; it goes back to the queue without counting an attempt.
    case notStarted(reply: String)

    public var reply: String {
        switch self {
        case let .sent(reply), let .deferred(reply), let .bounced(reply), let .failed(reply),
             let .refused(reply), let .unknown(reply), let .unavailable(reply), let .fatal(reply), let .notStarted(reply):
            return reply
        }
    }

    /// The ledger state this outcome leads to (before retry limits).
    public var deliveryState: DeliveryState {
        switch self {
        case .sent: return .sent
        case .deferred: return .deferred
        case .bounced: return .bounced
        case .failed, .refused: return .failed
        case .unknown: return .unknown
        case .unavailable, .fatal, .notStarted: return .pending
        }
    }

    /// True when the run must stop after this outcome: the relay refused by policy, cannot take mail or stopped
    /// the run, or it was silent after a final dot (every later message would cost the timeout too).
    public var stopsRun: Bool {
        switch self {
        case .refused, .unavailable, .fatal, .unknown: return true
        case .sent, .deferred, .bounced, .failed, .notStarted: return false
        }
    }
}
