import Foundation
import NurtureCore
import Synchronization

/// Dates as emails show them, in the reader's zone: "Thursday, 3 December 2026, 17:00 CET".
///
/// Computed from the zone's offset with the core's civil-date arithmetic, not a `DateFormatter` per
/// message (configuring one costs more than rendering the rest of the email); ICU is asked only for a
/// zone's abbreviation, once per zone and offset. The output is what the en_GB patterns
/// `EEEE, d MMMM yyyy, HH:mm`, `yyyy-MM-dd'T'HH:mm:ssxxxxx` and `yyyy` give.
enum ZonedDateFormat {
    private static let zones = TimeZoneCatalog()
    private static let abbreviations = Mutex<[AbbreviationKey: String]>([:])

    private struct AbbreviationKey: Hashable {
        let zone: String
        let offset: Int
        let daylight: Bool
    }

    /// The contact's zone, else the default zone, else UTC. Unknown names fall through.
    static func zone(contact: String?, default fallback: String?) -> TimeZone {
        for name in [contact, fallback].compactMap({ $0?.trimmingASCIIWhitespace() }) where !name.isEmpty {
            if let zone = zones.zone(named: name) { return zone }
        }
        return zones.zone(named: "UTC") ?? TimeZone(identifier: "UTC")!
    }

    static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let c = civil(date, offset: offset)
        return "\(c.weekday.name), \(c.day) \(monthNames[c.month - 1]) \(year(c)), \(pad2(c.hour)):\(pad2(c.minute)) \(abbreviation(date, zone, offset: offset))"
    }

    static func iso8601(_ date: Date, in zone: TimeZone) -> String {
        let c = civil(date, zone)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(year(c))-\(pad2(c.month))-\(pad2(c.day))T\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))\(sign)\(pad2(minutes / 60)):\(pad2(minutes % 60))"
    }

    static func year(_ date: Date, in zone: TimeZone) -> String { year(civil(date, zone)) }

    /// The zone's common abbreviation: ICU knows "EST" only in en_US and "CET" only in en_GB, so try
    /// both before settling for "GMT+9". UTC zones read "UTC". Cached per zone, offset and DST flag.
    static func abbreviation(_ date: Date, _ zone: TimeZone, offset: Int? = nil) -> String {
        let identifier = zone.identifier
        if utcNames.contains(identifier) { return "UTC" }
        let key = AbbreviationKey(zone: identifier, offset: offset ?? zone.secondsFromGMT(for: date), daylight: zone.isDaylightSavingTime(for: date))
        if let cached = abbreviations.withLock({ $0[key] }) { return cached }
        var found = ""
        for locale in ["en_US", "en_GB"] {
            let name = format(date, zone, "zzz", locale: locale)
            if !name.hasPrefix("GMT") || name == "GMT" { found = name; break }
            if found.isEmpty { found = name }
        }
        abbreviations.withLock { $0[key] = found }
        return found
    }

    private static let utcNames: Set<String> = ["UTC", "GMT", "Etc/GMT", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Etc/Universal", "Etc/Zulu"]

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    private static func civil(_ date: Date, _ zone: TimeZone) -> CivilTime {
        civil(date, offset: zone.secondsFromGMT(for: date))
    }

    private static func civil(_ date: Date, offset: Int) -> CivilTime {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return CivilTime(localSeconds: seconds + Int64(offset))
    }

    /// `yyyy`: at least four digits.
    private static func year(_ c: CivilTime) -> String {
        let text = String(c.year)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func format(_ date: Date, _ zone: TimeZone, _ pattern: String, locale: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
