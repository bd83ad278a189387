import Foundation

/// The UTC calendar fields of an instant (proleptic Gregorian), by `CivilTime`'s integer arithmetic: what reasons,
/// tables and JSON print for every contact, without a `Calendar` or a formatter per call. Seconds are
/// whole (a fraction is dropped toward the past). Only years 1970 through 9999 are computed here;
/// other instants return nil and callers use Foundation's formatters.
struct UTCTimeFields {
    let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// 9999-12-31T23:59:59Z.
    private static let lastSecond: Int64 = 253_402_300_799

    /// 1970-01-01 as seconds from Foundation's reference date (2001-01-01).
    private static let epochFromReference: Int64 = 978_307_200

    init?(_ date: Date) {
        // The whole second from the reference-date interval, as Foundation's formatters take it: adding
        // 978,307,200 in floating point first would round an instant a hair before a second up to it.
        let reference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard reference >= Double(-Self.epochFromReference), reference <= Double(Self.lastSecond - Self.epochFromReference) else { return nil }
        let fields = CivilTime(localSeconds: Int64(reference) + Self.epochFromReference)
        (year, month, day) = (fields.year, fields.month, fields.day)
        (hour, minute, second) = (fields.hour, fields.minute, fields.second)
    }

    /// `2026-11-20`.
    var dayText: String { text(separator: nil, seconds: false, zone: "") }

    /// `2026-11-20`, then (with a `separator`) `14:02` (`14:02:09` with `seconds`), then `zone`. Written
    /// straight into the string's storage: reasons and plan lines show several dates per contact.
    func text(separator: String?, seconds: Bool, zone: String) -> String {
        let capacity = 19 + (separator?.utf8.count ?? 0) + zone.utf8.count
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func put(_ text: String) { for byte in text.utf8 { put(byte) } }
            // Each field's digits, most significant first: `width` of them, zero-padded.
            func put(_ value: Int, width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor &*= 10 }
                var rest = value
                while divisor > 0 {
                    put(UInt8(48 + rest / divisor % 10))
                    rest %= divisor
                    divisor /= 10
                }
            }
            put(year, width: 4)
            put(UInt8(ascii: "-"))
            put(month, width: 2)
            put(UInt8(ascii: "-"))
            put(day, width: 2)
            if let separator {
                put(separator)
                put(hour, width: 2)
                put(UInt8(ascii: ":"))
                put(minute, width: 2)
                if seconds {
                    put(UInt8(ascii: ":"))
                    put(second, width: 2)
                }
            }
            put(zone)
            return count
        }
    }
}
