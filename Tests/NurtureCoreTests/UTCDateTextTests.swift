import Foundation
import NurtureCore
import Testing

/// `ReasonDate` and `Timestamp.format` compute calendar fields by integer arithmetic: they must print
/// exactly what Foundation's calendar and ISO 8601 formatter print, for any instant.
struct UTCDateTextTests {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func foundationReason(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    private static func foundationDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    private static let iso = Date.ISO8601FormatStyle(includingFractionalSeconds: false)

    /// Edges (the epoch, leap days, centuries, 2000, the last second of 9999, just past it, before 1970)
    /// and 20,000 instants spread over four centuries, with fractions of a second.
    private static var instants: [Date] {
        var seconds: [Double] = [
            0, 0.999, 59.5, 86_399.999, 951_782_400, 951_868_799.75, 1_709_164_800, 4_107_542_400,
            253_402_300_799, 253_402_300_799.5, 253_402_300_800, -1, -0.25, -86_400, -2_208_988_800,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            seconds.append(Double(Int64.random(in: 0...13_000_000_000, using: &generator)) + Double(Int.random(in: 0..<1000)) / 1000)
        }
        var dates = seconds.map(Date.init(timeIntervalSince1970:))
        // Computed instants a hair before a whole second (a clock reading plus a delay): still the second before.
        for second in [0.0, 1_041_691_041, -30_000_000, 800_000_000] {
            dates.append(Date(timeIntervalSinceReferenceDate: second + 0.9999999))
            dates.append(Date(timeIntervalSinceReferenceDate: second - 0.0000001))
        }
        return dates
    }

    @Test func reasonDatesMatchFoundation() {
        for date in Self.instants {
            #expect(ReasonDate.format(date) == Self.foundationReason(date), "\(date.timeIntervalSince1970)")
            #expect(ReasonDate.day(date) == Self.foundationDay(date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func timestampsMatchFoundation() {
        for date in Self.instants {
            #expect(Timestamp.format(date) == Self.iso.format(date), "\(date.timeIntervalSince1970)")
        }
    }
}
