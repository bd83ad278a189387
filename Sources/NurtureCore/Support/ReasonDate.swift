import Foundation

/// Dates as reasons and tables show them: `2026-11-20 14:02 UTC`. Deterministic: always UTC.
public enum ReasonDate {
    public static func format(_ date: Date) -> String {
        if let fields = UTCTimeFields(date) { return fields.text(separator: " ", seconds: false, zone: " UTC") }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// `2026-11-20`.
    public static func day(_ date: Date) -> String {
        if let fields = UTCTimeFields(date) { return fields.dayText }
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
