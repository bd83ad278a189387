import Foundation

/// Which pacing rule holds a message back.
public enum PacingRule: String, CaseIterable, Hashable, Sendable, Codable {
    case minimumGap = "minimum_gap"
    case frequencyCap = "frequency_cap"
    case quietHours = "quiet_hours"
    case sendDays = "send_days"
    case relayHourlyCap = "relay_hourly_cap"
    case relayDailyCap = "relay_daily_cap"
    case thankedElsewhere = "thanked_elsewhere"

    /// For summaries: "minimum gap", "quiet hours".
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// A message held back by pacing: until when, by which rule, and the sentence that says so
/// (`waiting: quiet hours in America/Los_Angeles until 08:00 (16:00 UTC)`).
public struct PacingHold: Hashable, Sendable {
    public var until: Date
    public var rule: PacingRule
    public var reason: String

    public init(until: Date, rule: PacingRule, reason: String) {
        self.until = until
        self.rule = rule
        self.reason = reason
    }
}

/// Instants as pacing reasons show them: in the contact's zone first, then UTC.
public enum PacingTime {
    /// `Tue 2026-11-25 08:00 Europe/Paris (07:00 UTC)`; UTC alone in UTC.
    public static func slot(_ instant: Date, in zone: ContactZone) -> String {
        let local = zone.civil(at: instant)
        let utc = CivilTime(localSeconds: ContactZone.seconds(instant))
        let day = "\(local.weekday.short) \(date(local)) \(QuietHours.clock(local.minuteOfDay))"
        if zone.zone.secondsFromGMT(for: instant) == 0 && zone.identifier == "UTC" { return "\(day) UTC" }
        return "\(day) \(zone.identifier) (\(QuietHours.clock(utc.minuteOfDay)) UTC)"
    }

    /// `08:00 (16:00 UTC)` when `instant` is the same local day as `now`, else `Tue 2026-11-25 08:00 (16:00 UTC)`.
    public static func until(_ instant: Date, from now: Date, in zone: ContactZone) -> String {
        let local = zone.civil(at: instant)
        let utc = CivilTime(localSeconds: ContactZone.seconds(instant))
        let sameDay = zone.civil(at: now).dayNumber == local.dayNumber
        let prefix = sameDay ? "" : "\(local.weekday.short) \(date(local)) "
        return "\(prefix)\(QuietHours.clock(local.minuteOfDay)) (\(QuietHours.clock(utc.minuteOfDay)) UTC)"
    }

    static func date(_ c: CivilTime) -> String {
        String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }
}
