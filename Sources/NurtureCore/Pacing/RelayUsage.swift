import Foundation

/// How much a relay (and each sending domain through it) has taken: the persisted counters that caps and
/// warm-up read, so that a restart does not reset them. Periods are UTC: `2026-11-23` and `2026-11-23T09`.
public struct RelayUsage: Hashable, Sendable {
    /// Messages handed to the relay in the current UTC hour and day.
    public var hour: Int
    public var day: Int
    /// Per sending domain: messages today, and the warm-up day (1 = the first UTC day it sent anything).
    public var senders: [String: SenderUsage]

    public init(hour: Int = 0, day: Int = 0, senders: [String: SenderUsage] = [:]) {
        self.hour = hour
        self.day = day
        self.senders = senders
    }

    public struct SenderUsage: Hashable, Sendable {
        public var today: Int
        public var warmUpDay: Int

        public init(today: Int = 0, warmUpDay: Int = 1) {
            self.today = today
            self.warmUpDay = warmUpDay
        }
    }

    /// The counter key of the relay's totals, and of one sending domain.
    public static let relayKey = "relay"
    public static func senderKey(_ domain: String) -> String { "sender:\(domain.lowercased())" }

    public static func dayPeriod(_ instant: Date) -> String {
        let c = CivilTime(localSeconds: ContactZone.seconds(instant))
        return "\(padded(c.year, 4))-\(padded(c.month, 2))-\(padded(c.day, 2))"
    }

    public static func hourPeriod(_ instant: Date) -> String {
        let c = CivilTime(localSeconds: ContactZone.seconds(instant))
        return "\(padded(c.year, 4))-\(padded(c.month, 2))-\(padded(c.day, 2))T\(padded(c.hour, 2))"
    }

    /// `String(format: "%0*d", width, value)` without Foundation's formatter (the send loop asks for every chunk).
    private static func padded(_ value: Int, _ width: Int) -> String {
        value >= 0 ? String(value).leftPadded(to: width) : String(format: "%0*d", width, value)
    }

    /// Days from the `first` day period to `instant`'s, plus one (the first day is day 1).
    public static func warmUpDay(firstDay: String?, at instant: Date) -> Int {
        guard let firstDay, let first = CivilTime(parsing: "\(firstDay)T00:00") else { return 1 }
        return CivilTime(localSeconds: ContactZone.seconds(instant)).dayNumber - first.dayNumber + 1
    }
}

/// A counter increment the ledger applies in the same transaction as the `sending` mark it counts.
public struct UsageIncrement: Hashable, Sendable {
    public var key: String
    public var period: String
    public var count: Int

    public init(key: String, period: String, count: Int = 1) {
        self.key = key
        self.period = period
        self.count = count
    }

    /// What messages handed to the relay together at `instant` count toward, one increment per counter:
    /// the relay's hour and day, and each sending domain's day.
    public static func forMessages(senderDomains: [String], at instant: Date) -> [UsageIncrement] {
        guard !senderDomains.isEmpty else { return [] }
        let day = RelayUsage.dayPeriod(instant)
        var perSender: [String: Int] = [:]
        for domain in senderDomains { perSender[domain.lowercased(), default: 0] += 1 }
        return [
            UsageIncrement(key: RelayUsage.relayKey, period: RelayUsage.hourPeriod(instant), count: senderDomains.count),
            UsageIncrement(key: RelayUsage.relayKey, period: day, count: senderDomains.count),
        ] + perSender.sorted { $0.key < $1.key }.map { UsageIncrement(key: RelayUsage.senderKey($0.key), period: day, count: $0.value) }
    }
}
