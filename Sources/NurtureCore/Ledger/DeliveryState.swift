/// Where a message stands in the send ledger.
///
/// pending → sending → sent / deferred / bounced / failed / unknown. Whatever the state, an entry
/// takes its (contact, campaign, step, content) key: the planner never plans that step again, so
/// nothing is sent twice; only a person (`nurture ledger resolve`) sends a failed message again.
public enum DeliveryState: String, CaseIterable, Hashable, Sendable, Codable {
    case pending
    case sending
    case sent
    case deferred
    case bounced
    case failed
    case unknown
}
