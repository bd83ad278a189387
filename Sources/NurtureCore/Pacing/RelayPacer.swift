import Foundation

/// The relay side of pacing, as the dispatcher asks it before each message: a token bucket for the
/// relay's rate, one per recipient domain, connections per domain, caps per UTC hour and day, and the
/// warm-up ramp of each sending domain. Adaptive: a throttling reply (421, 454, 450/451 that says so)
/// halves the rate, which recovers by a quarter after each quiet spell.
///
/// Pure: every method takes the time; the dispatcher owns the clock and the sleeping.
public struct RelayPacer: Sendable {
    public let limits: RelayLimits
    public let domainLimits: [String: DomainLimits]
    public private(set) var usage: RelayUsage
    /// The rate in force: the configured one, lowered after throttling. Nil: no limit.
    public private(set) var rate: Double?
    /// How many times the relay throttled this run.
    public private(set) var throttles = 0

    /// How long without a throttling reply before the rate goes back up a step.
    public static let quietSpell: TimeInterval = 30
    /// The rate never drops below this (messages per second).
    public static let floorRate = 0.2

    private var tokens: Double
    private var refilledAt: Date?
    private var domainTokens: [String: (tokens: Double, at: Date)] = [:]
    private var inFlight: [String: Int] = [:]
    private var lastChange: Date?
    /// Starts in the last few seconds, to estimate the rate when none is configured.
    private var recentStarts = RecentStarts()
    /// Messages started to each recipient domain that has limits, and when the first and last started.
    public private(set) var limitedDomains: [String: DomainActivity] = [:]
    /// The UTC hour and day (since 1970) the usage counts are for: compared as numbers on every admission.
    private var hourNumber: Int64
    private var dayNumber: Int64

    public init(limits: RelayLimits, domainLimits: [String: DomainLimits] = [:], usage: RelayUsage = RelayUsage(), at now: Date) {
        self.limits = limits
        self.domainLimits = domainLimits
        self.usage = usage
        self.rate = limits.rate
        self.tokens = Double(limits.burst)
        self.hourNumber = ContactZone.seconds(now) / 3600
        self.dayNumber = ContactZone.seconds(now) / 86_400
    }

    public enum Admission: Hashable, Sendable {
        /// Start it now.
        case now
        /// Not before this instant (a rate).
        case after(Date)
        /// This domain has as many messages in flight as it allows: send another domain's first.
        case domainBusy
        /// A cap is reached: nothing more goes until `hold.until`.
        case capped(PacingHold)
    }

    /// May a message from `sender` (domain) to `domain` start at `now`?
    public mutating func admit(sender: String, domain: String, now: Date) -> Admission {
        rollPeriods(now)
        if let cap = capHold(sender: sender, now: now) { return .capped(cap) }
        let domainRule = domainLimits[domain.lowercased()]
        if let max = domainRule?.maxConnections, inFlight[domain.lowercased(), default: 0] >= max { return .domainBusy }
        refill(now)
        var earliest = now
        if let rate, tokens < 1 {
            earliest = max(earliest, now.addingTimeInterval((1 - tokens) / rate))
        }
        if let domainRate = domainRule?.rate {
            let bucket = domainBucket(domain.lowercased(), rate: domainRate, now: now)
            if bucket < 1 { earliest = max(earliest, now.addingTimeInterval((1 - bucket) / domainRate)) }
        }
        return earliest > now ? .after(earliest) : .now
    }

    /// A message was handed to the relay.
    public mutating func started(sender: String, domain: String, now: Date) {
        rollPeriods(now)
        refill(now)
        if rate != nil { tokens -= 1 }
        let key = domain.lowercased()
        if let domainRate = domainLimits[key]?.rate {
            let bucket = domainBucket(key, rate: domainRate, now: now)
            domainTokens[key] = (bucket - 1, now)
        }
        inFlight[key, default: 0] += 1
        if domainLimits[key] != nil {
            var activity = limitedDomains[key] ?? DomainActivity(first: now, last: now)
            activity.started += 1
            activity.last = now
            limitedDomains[key] = activity
        }
        countAgainstCaps(sender: sender)
        recentStarts.record(now)
    }

    /// Counts a message against the caps (hour, day, warm-up) without starting it, unless a cap is reached
    /// (then its hold): how a run decides how much of a page to claim. Only the counts move; the rate, the
    /// domains and the recent starts stay as they are.
    public mutating func reserve(sender: String, now: Date) -> PacingHold? {
        rollPeriods(now)
        if let cap = capHold(sender: sender, now: now) { return cap }
        countAgainstCaps(sender: sender)
        return nil
    }

    private mutating func countAgainstCaps(sender: String) {
        usage.hour += 1
        usage.day += 1
        usage.senders[sender.lowercased(), default: RelayUsage.SenderUsage()].today += 1
    }

    /// A message's attempt ended; `throttled` when the relay asked to slow down.
    public mutating func finished(domain: String, throttled: Bool, now: Date) {
        let key = domain.lowercased()
        inFlight[key] = max(0, inFlight[key, default: 0] - 1)
        if throttled {
            throttles += 1
            let observed = recentStarts.first.map { Double(recentStarts.count) / max(1, now.timeIntervalSince($0)) } ?? 1
            let current = rate ?? max(observed, Self.floorRate * 2)
            rate = max(Self.floorRate, current / 2)
            tokens = min(tokens, 0)
            refilledAt = now
            lastChange = now
        } else if let current = rate, let lastChange, now.timeIntervalSince(lastChange) >= Self.quietSpell {
            // Recover a step after a quiet spell, up to the configured rate (or no limit, where none is).
            let raised = current * 1.25
            if let configured = limits.rate { rate = min(configured, raised) } else { rate = raised > 50 ? nil : raised }
            self.lastChange = rate == nil ? nil : now
        }
    }

    /// What the run sent to each domain that has limits, at what effective rate, under which limits:
    /// `gmail.com: 40 messages at 1.0 msg/s (limit 1 msg/s, 2 connections)`.
    public var domainLines: [String] {
        limitedDomains.sorted { $0.key < $1.key }.map { domain, activity in
            let span = activity.last.timeIntervalSince(activity.first)
            let rate = activity.started > 1 && span > 0 ? String(format: "%.1f msg/s", Double(activity.started - 1) / span) : "-"
            let rules = domainLimits[domain].map { limits in
                [limits.rate.map { String(format: "limit %g msg/s", $0) }, limits.maxConnections.map { "\($0) connection\($0 == 1 ? "" : "s")" }]
                    .compactMap { $0 }.joined(separator: ", ")
            } ?? ""
            return "\(domain): \(activity.started) message\(activity.started == 1 ? "" : "s") at \(rate) (\(rules))"
        }
    }

    /// How many more messages the caps allow from `sender` now (nil: no cap).
    public func remaining(sender: String) -> Int? {
        var left: Int?
        if let hourly = limits.hourlyCap { left = hourly - usage.hour }
        if let daily = limits.dailyCap { left = min(left ?? .max, daily - usage.day) }
        if let ramp = warmUpLimit(sender: sender) { left = min(left ?? .max, ramp.limit - senderToday(sender)) }
        return left.map { max(0, $0) }
    }

    /// The sending domain's warm-up limit today, and which warm-up day it is.
    public func warmUpLimit(sender: String) -> (limit: Int, day: Int)? {
        guard let warmUp = limits.warmUp else { return nil }
        let day = usage.senders[sender.lowercased()]?.warmUpDay ?? 1
        return (warmUp.limit(onDay: day), day)
    }

    private func senderToday(_ sender: String) -> Int { usage.senders[sender.lowercased()]?.today ?? 0 }

    private func capHold(sender: String, now: Date) -> PacingHold? {
        let utc = CivilTime(localSeconds: ContactZone.seconds(now))
        if let hourly = limits.hourlyCap, usage.hour >= hourly {
            let next = ContactZone.date(utc.startOfDay().localSeconds + Int64((utc.hour + 1) * 3600))
            return PacingHold(until: next, rule: .relayHourlyCap,
                              reason: "waiting: relay hourly cap \(hourly) reached; next slot \(QuietHours.clock(((utc.hour + 1) % 24) * 60)) UTC")
        }
        let tomorrow = ContactZone.date(utc.startOfDay(plus: 1).localSeconds)
        if let daily = limits.dailyCap, usage.day >= daily {
            return PacingHold(until: tomorrow, rule: .relayDailyCap,
                              reason: "waiting: relay daily cap \(daily) reached; next slot tomorrow 00:00 UTC")
        }
        if let ramp = warmUpLimit(sender: sender), senderToday(sender) >= ramp.limit {
            let limit = limits.dailyCap.map { min($0, ramp.limit) } ?? ramp.limit
            return PacingHold(until: tomorrow, rule: .relayDailyCap,
                              reason: "waiting: relay daily cap \(limit) reached (warm-up day \(ramp.day) of \(sender.lowercased())); next slot tomorrow 00:00 UTC")
        }
        return nil
    }

    private mutating func rollPeriods(_ now: Date) {
        let seconds = ContactZone.seconds(now)
        if seconds / 3600 != hourNumber { hourNumber = seconds / 3600; usage.hour = 0 }
        if seconds / 86_400 != dayNumber {
            dayNumber = seconds / 86_400
            usage.day = 0
            for key in usage.senders.keys {
                usage.senders[key]?.today = 0
                usage.senders[key]?.warmUpDay += 1
            }
        }
    }

    private mutating func refill(_ now: Date) {
        guard let rate else { return }
        if let refilledAt {
            tokens = min(Double(limits.burst), tokens + now.timeIntervalSince(refilledAt) * rate)
        }
        refilledAt = now
    }

    private func domainBucket(_ domain: String, rate: Double, now: Date) -> Double {
        guard let bucket = domainTokens[domain] else { return 1 }
        return min(1, bucket.tokens + now.timeIntervalSince(bucket.at) * rate)
    }
}

/// Messages a run started to one recipient domain.
public struct DomainActivity: Hashable, Sendable {
    public var started = 0
    public var first: Date
    public var last: Date

    public init(first: Date, last: Date) {
        self.first = first
        self.last = last
    }
}
