import Foundation

/// How a behaviour's points fade with the age of the event: last year's downloads count for less.
public enum ScoreDecay: Hashable, Sendable {
    /// Full points, however old.
    case none
    /// Half the points after each `span`: 20 points with a 30-day half-life are 10 after 30 days, 5 after 60.
    case halfLife(TimeSpan)
    /// Full points until the event is `span` old, none from then on.
    case expires(TimeSpan)

    /// The share of the points an event `age` seconds old still gives (1 for an event not older than now).
    public func factor(age: TimeInterval) -> Double {
        guard age > 0 else { return 1 }
        switch self {
        case .none:
            return 1
        case let .halfLife(span):
            return span.seconds > 0 ? exp2(-age / span.timeInterval) : 0
        case let .expires(span):
            return age < span.timeInterval ? 1 : 0
        }
    }

    /// `half-life 30 days`, `expires after 90 days`, or "" for none.
    public var spoken: String {
        switch self {
        case .none: return ""
        case let .halfLife(span): return "half-life \(span.spoken)"
        case let .expires(span): return "expires after \(span.spoken)"
        }
    }
}
