/// How one delivery attempt ended. `reply` is what the server said (code and text, for example
/// "550 5.1.1 unknown user") or a description of the transport error; it never holds credentials.
public enum DeliveryOutcome: Hashable, Sendable {
    /// 2xx after the final dot: the server took responsibility for the message.
    case sent(reply: String)
    /// 4xx anywhere, a connect failure, or the connection lost before the body ended: retry later.
    case deferred(reply: String)
    /// 5xx with an enhanced status 5.1.x on RCPT (unknown user): suppress the address.
    case bounced(reply: String)
    /// Another permanent rejection (552/554 after the body, other 5xx on RCPT, a malformed message):
    /// not retried, not suppressed.
    case failed(reply: String)
    /// No reply after the final dot, or the connection lost after the whole body was handed over:
    /// the message may have been delivered. Never resend automatically.
    case unknown(reply: String)
    /// Authentication failure, a 5.7.x policy rejection, a 5xx to MAIL FROM, TLS required but not
    /// offered, bad configuration: the whole run must stop.
    case fatal(reply: String)

    public var reply: String {
        switch self {
        case let .sent(reply), let .deferred(reply), let .bounced(reply),
             let .failed(reply), let .unknown(reply), let .fatal(reply):
            return reply
        }
    }

    /// The ledger state this outcome leads to.
    public var deliveryState: DeliveryState {
        switch self {
        case .sent: return .sent
        case .deferred: return .deferred
        case .bounced: return .bounced
        case .failed: return .failed
        case .unknown: return .unknown
        case .fatal: return .deferred
        }
    }

    /// True when the run must stop after this outcome.
    public var stopsRun: Bool {
        if case .fatal = self { return true }
        return false
    }
}
