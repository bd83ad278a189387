import NurtureCore
import Foundation

/// Dates as RFC 5322 writes them, in UTC: `Sun, 22 Nov 2026 21:40:19 +0000`.
///
/// Computed from the seconds since 1970 (proleptic Gregorian calendar), with no locale, time zone
/// or calendar object involved, so the text depends on the date alone. Fractions of a second are
/// dropped.
public enum RFC5322Date {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(_ date: Date) throws(MessageError) -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Years 1900 to 9999, with a margin so the conversion cannot overflow.
        guard interval.isFinite, interval > -2_300_000_000, interval < 253_450_000_000 else {
            throw .dateOutOfRange
        }
        let seconds = Int64(interval)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        guard (1900...9999).contains(year) else { throw .dateOutOfRange }
        let weekday = Int(((days % 7) + 7 + 4) % 7) // 1970-01-01 was a Thursday
        let hour = secondOfDay / 3600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60
        // `Www, DD Mmm YYYY HH:MM:SS +0000`: 31 ASCII bytes.
        return String(unsafeUninitializedCapacity: 31) { out in
            var count = 0
            func text(_ text: String) {
                for byte in text.utf8 {
                    out[count] = byte
                    count += 1
                }
            }
            func twoDigits(_ value: Int64) {
                out[count] = UInt8(ascii: "0") + UInt8(value / 10)
                out[count + 1] = UInt8(ascii: "0") + UInt8(value % 10)
                count += 2
            }
            text(weekdays[weekday])
            text(", ")
            twoDigits(day)
            text(" ")
            text(months[Int(month) - 1])
            text(" ")
            twoDigits(year / 100)
            twoDigits(year % 100)
            text(" ")
            twoDigits(hour)
            text(":")
            twoDigits(minute)
            text(":")
            twoDigits(second)
            text(" +0000")
            return count
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Year, month (1-12) and day (1-31) of the day `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let (year, month, day) = CivilTime.civil(fromDays: Int(days))
        return (Int64(year), Int64(month), Int64(day))
    }
}
