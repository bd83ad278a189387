/// Whether a deferral is the relay asking to slow down: 421 (service closing, often "too many
/// connections"), 454, or 450/451 whose text or enhanced status says rate or throttling (`4.7.x`,
/// "rate limit", "too many", "try again later", "slow down").
public enum ThrottleSignal {
    public static func isThrottling(_ outcome: DeliveryOutcome) -> Bool {
        guard case let .deferred(reply) = outcome else { return false }
        return isThrottling(reply: reply)
    }

    public static func isThrottling(reply: String) -> Bool {
        let text = reply.lowercased()
        if text.hasPrefix("421") || text.hasPrefix("454") { return true }
        guard text.hasPrefix("450") || text.hasPrefix("451") else { return false }
        let words = ["4.7.", "rate", "throttl", "too many", "try again later", "slow down", "limit exceeded", "exceeded"]
        return words.contains { text.contains($0) }
    }
}
