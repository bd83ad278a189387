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

    /// Appends `value` (not negative) in decimal ASCII digits, zero-padded to `width`.
    private static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(48 + value / divisor % 10))
            divisor /= 10
        }
    }

    /// `2026-11-20`.
    var dayText: String { text(separator: nil, seconds: false, zone: "") }

    /// `2026-11-20`, then (with a `separator`) `14:02` (`14:02:09` with `seconds`), then `zone`.
    func text(separator: String?, seconds: Bool, zone: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        Self.append(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(day, width: 2, to: &bytes)
        if let separator {
            bytes += separator.utf8
            Self.append(hour, width: 2, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            Self.append(minute, width: 2, to: &bytes)
            if seconds {
                bytes.append(UInt8(ascii: ":"))
                Self.append(second, width: 2, to: &bytes)
            }
        }
        bytes += zone.utf8
        return String(decoding: bytes, as: UTF8.self)
    }
}
