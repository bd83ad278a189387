import Foundation

/// A wall-clock date and time with no zone: what a clock on the contact's wall reads. Pure arithmetic
/// (proleptic Gregorian, minute precision), so pacing never needs a `Calendar`.
public struct CivilTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The wall time `seconds` after 1970-01-01 00:00 (seconds of "local epoch": an instant plus its offset).
    public init(localSeconds seconds: Int64) {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = CivilTime.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }

    /// Seconds since 1970-01-01 00:00 of this wall time, as if it were UTC.
    public var localSeconds: Int64 {
        Int64(ISO8601Timestamp.daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int { ISO8601Timestamp.daysFromCivil(year: year, month: month, day: day) }

    /// Minutes since midnight.
    public var minuteOfDay: Int { hour * 60 + minute }

    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// Midnight of the day `days` after this one.
    public func startOfDay(plus days: Int = 0) -> CivilTime {
        let (y, m, d) = CivilTime.civil(fromDays: dayNumber + days)
        return CivilTime(year: y, month: m, day: d)
    }

    /// The same day at `minuteOfDay`.
    public func at(minuteOfDay: Int) -> CivilTime {
        CivilTime(year: year, month: month, day: day, hour: minuteOfDay / 60, minute: minuteOfDay % 60)
    }

    public static func < (lhs: CivilTime, rhs: CivilTime) -> Bool { lhs.localSeconds < rhs.localSeconds }

    /// `2026-11-25T08:00:00`.
    public var description: String {
        String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (no offset: a wall time).
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, time.count >= 2 else { return nil }
        self.init(year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1], second: time.count > 2 ? time[2] : 0)
    }

    /// (year, month, day) of a day number (H. Hinnant's algorithm).
    public static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A day of the week. Raw values follow ISO 8601: Monday is 1, Sunday 7.
public enum Weekday: Int, CaseIterable, Hashable, Comparable, Sendable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// 1970-01-01 was a Thursday.
    public init(dayNumber: Int) {
        let index = ((dayNumber % 7) + 7 + 3) % 7   // 0 = Monday
        self = Weekday(rawValue: index + 1)!
    }

    public init?(name: String) {
        let lower = name.lowercased()
        guard let match = Weekday.allCases.first(where: { $0.name.lowercased() == lower || $0.short.lowercased() == lower }) else { return nil }
        self = match
    }

    public var name: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }

    public var short: String { String(name.prefix(3)) }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
