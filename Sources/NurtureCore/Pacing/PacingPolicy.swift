import Foundation

/// Every pacing rule a campaign runs under, with the documented defaults. Declared in a campaign's
/// `pacing:` block, or for all campaigns of a folder in its shared `pacing.yaml`.
public struct PacingPolicy: Hashable, Sendable {
    public var contact: ContactLimits
    public var window: SendWindow
    public var relay: RelayLimits
    /// Limits per recipient domain (`gmail.com`), by lower-cased domain.
    public var domains: [String: DomainLimits]

    public init(contact: ContactLimits = ContactLimits(), window: SendWindow = SendWindow(), relay: RelayLimits = RelayLimits(), domains: [String: DomainLimits] = [:]) {
        self.contact = contact
        self.window = window
        self.relay = relay
        self.domains = domains
    }

    public static let `default` = PacingPolicy()

    /// No pacing at all: for tests of the planner alone.
    public static let unpaced = PacingPolicy(
        contact: ContactLimits(minimumGap: .zero, cap: nil), window: SendWindow(quietHours: nil, days: []))

    /// The relay and domain limits of several campaigns sent together through one relay: the strictest of each.
    public static func strictest(_ policies: [PacingPolicy]) -> (RelayLimits, [String: DomainLimits]) {
        guard var relay = policies.first?.relay else { return (RelayLimits(), [:]) }
        var domains: [String: DomainLimits] = [:]
        for policy in policies {
            relay = relay.stricter(policy.relay)
            for (domain, limits) in policy.domains {
                domains[domain] = domains[domain].map { $0.stricter(limits) } ?? limits
            }
        }
        return (relay, domains)
    }
}

/// "Follow up, but don't pester": per contact, whatever the campaign.
public struct ContactLimits: Hashable, Sendable {
    /// At least this long between two nurture emails to one contact (default 2 days).
    public var minimumGap: TimeSpan
    /// At most `count` emails in any rolling `window` (default 3 in 7 days).
    public var cap: FrequencyCap?

    public init(minimumGap: TimeSpan = .days(2), cap: FrequencyCap? = FrequencyCap(count: 3, window: .days(7))) {
        self.minimumGap = minimumGap
        self.cap = cap
    }
}

public struct FrequencyCap: Hashable, Sendable {
    public var count: Int
    public var window: TimeSpan

    public init(count: Int, window: TimeSpan) {
        self.count = count
        self.window = window
    }
}

/// When nurture email may reach a contact, in the contact's own time zone.
public struct SendWindow: Hashable, Sendable {
    /// No sends from `start` until `end` (minutes after midnight, local; default 20:00 to 08:00).
    /// `start > end` spans midnight. Nil: no quiet hours.
    public var quietHours: QuietHours?
    /// The days of the week sends may happen on (the day of the local send time); empty means every day.
    public var days: Set<Weekday>
    /// The zone for contacts without a valid one of their own (an IANA name; default UTC).
    public var fallbackZone: String

    public init(quietHours: QuietHours? = QuietHours(startMinute: 20 * 60, endMinute: 8 * 60), days: Set<Weekday> = [], fallbackZone: String = "UTC") {
        self.quietHours = quietHours
        self.days = days
        self.fallbackZone = fallbackZone
    }
}

public struct QuietHours: Hashable, Sendable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// True when the local minute of the day falls in the quiet span.
    public func contains(minuteOfDay minute: Int) -> Bool {
        if startMinute == endMinute { return false }
        return startMinute < endMinute
            ? (minute >= startMinute && minute < endMinute)
            : (minute >= startMinute || minute < endMinute)
    }

    public var spoken: String { "\(Self.clock(startMinute))–\(Self.clock(endMinute))" }

    /// `08:00`.
    public static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// What the SMTP relay takes: a rate, caps per hour and per UTC day, and a warm-up ramp for a new
/// sending domain. Nil: no limit.
public struct RelayLimits: Hashable, Sendable {
    /// Messages per second, as a token bucket of `burst` tokens.
    public var rate: Double?
    public var burst: Int
    public var hourlyCap: Int?
    public var dailyCap: Int?
    public var warmUp: WarmUp?

    public init(rate: Double? = nil, burst: Int = 1, hourlyCap: Int? = nil, dailyCap: Int? = nil, warmUp: WarmUp? = nil) {
        self.rate = rate
        self.burst = max(1, burst)
        self.hourlyCap = hourlyCap
        self.dailyCap = dailyCap
        self.warmUp = warmUp
    }

    func stricter(_ other: RelayLimits) -> RelayLimits {
        RelayLimits(
            rate: minimum(rate, other.rate), burst: min(burst, other.burst),
            hourlyCap: minimum(hourlyCap, other.hourlyCap), dailyCap: minimum(dailyCap, other.dailyCap),
            warmUp: [warmUp, other.warmUp].compactMap { $0 }.min { $0.start < $1.start })
    }
}

/// A new sending domain's ramp: `start` messages on its first day of sending, times `factor` each day
/// after, up to the daily cap (if any).
public struct WarmUp: Hashable, Sendable {
    public var start: Int
    public var factor: Double

    public init(start: Int = 50, factor: Double = 2) {
        self.start = max(1, start)
        self.factor = max(1, factor)
    }

    /// The day's limit on warm-up day `day` (1 is the first day the domain sent anything).
    public func limit(onDay day: Int) -> Int {
        let value = Double(start) * pow(factor, Double(max(0, day - 1)))
        return value >= Double(Int.max / 2) ? Int.max / 2 : Int(value)
    }
}

/// What one recipient domain (a mailbox provider) tolerates.
public struct DomainLimits: Hashable, Sendable {
    /// Messages per second to this domain.
    public var rate: Double?
    /// Messages in flight to this domain at once.
    public var maxConnections: Int?

    public init(rate: Double? = nil, maxConnections: Int? = nil) {
        self.rate = rate
        self.maxConnections = maxConnections
    }

    func stricter(_ other: DomainLimits) -> DomainLimits {
        DomainLimits(rate: minimum(rate, other.rate), maxConnections: minimum(maxConnections, other.maxConnections))
    }
}

private func minimum<T: Comparable>(_ a: T?, _ b: T?) -> T? {
    switch (a, b) {
    case let (a?, b?): return min(a, b)
    case let (a?, nil): return a
    case let (nil, b): return b
    }
}
