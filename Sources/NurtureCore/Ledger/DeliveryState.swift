/// Where a message stands in the send ledger.
///
/// pending → sending → sent / deferred / bounced / failed / unknown. Every state but `failed` after
/// a permanent rejection counts as "this step went (or may have gone) out": the planner never plans
/// it again, so nothing is sent twice.
public enum DeliveryState: String, CaseIterable, Hashable, Sendable, Codable {
    case pending
    case sending
    case sent
    case deferred
    case bounced
    case failed
    case unknown

    /// True when the message is finished and the server accepted it, or may have.
    public var mayHaveBeenDelivered: Bool {
        switch self {
        case .sent, .sending, .unknown: return true
        case .pending, .deferred, .bounced, .failed: return false
        }
    }
}
