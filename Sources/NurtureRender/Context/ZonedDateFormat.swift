import Foundation
import NurtureCore

/// Dates as emails show them, in the reader's zone: "Thursday, 3 December 2026, 17:00 CET".
enum ZonedDateFormat {
    /// The contact's zone, else the default zone, else UTC. Unknown names fall through.
    static func zone(contact: String?, default fallback: String?) -> TimeZone {
        for name in [contact, fallback].compactMap({ $0?.trimmingASCIIWhitespace() }) where !name.isEmpty {
            if let zone = TimeZone(identifier: name) { return zone }
        }
        return TimeZone(identifier: "UTC")!
    }

    static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        "\(format(date, zone, "EEEE, d MMMM yyyy, HH:mm")) \(abbreviation(date, zone))"
    }

    static func iso8601(_ date: Date, in zone: TimeZone) -> String {
        format(date, zone, "yyyy-MM-dd'T'HH:mm:ssxxxxx")
    }

    static func year(_ date: Date, in zone: TimeZone) -> String { format(date, zone, "yyyy") }

    /// The zone's common abbreviation: ICU knows "EST" only in en_US and "CET" only in en_GB, so try
    /// both before settling for "GMT+9". UTC zones read "UTC".
    static func abbreviation(_ date: Date, _ zone: TimeZone) -> String {
        if ["UTC", "GMT", "Etc/GMT", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Etc/Universal", "Etc/Zulu"].contains(zone.identifier) {
            return "UTC"
        }
        var fallback = ""
        for locale in ["en_US", "en_GB"] {
            let name = format(date, zone, "zzz", locale: locale)
            if !name.hasPrefix("GMT") || name == "GMT" { return name }
            if fallback.isEmpty { fallback = name }
        }
        return fallback
    }

    private static func format(_ date: Date, _ zone: TimeZone, _ pattern: String, locale: String = "en_GB") -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
