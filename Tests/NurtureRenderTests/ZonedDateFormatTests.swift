import Foundation
@testable import NurtureRender
import NurtureTestSupport
import Testing

/// The arithmetic date formats against what a `DateFormatter` with the same en_GB pattern says, in zones
/// with odd offsets and both DST directions, at the transitions of the conformance set.
@Suite struct ZonedDateFormatTests {
    static func formatter(_ pattern: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter
    }

    @Test func matchesDateFormatterAroundEveryTransition() throws {
        let rows = try Conformance.tsv("tz-dst-edge-cases/transitions-2025-2027.tsv")
        var instants: [(String, Date)] = rows.filter { $0[1].hasSuffix("Z") }.map { ($0[0], TestTime.at($0[1])) }
        for zone in ["UTC", "Asia/Kathmandu", "Australia/Eucla", "America/St_Johns", "Pacific/Chatham", "Europe/London"] {
            instants.append((zone, TestTime.at("2026-12-03T16:00:00Z")))
        }
        var checked = 0
        for (name, instant) in instants {
            let zone = try #require(TimeZone(identifier: name))
            let deltas: [TimeInterval] = [-3601, -1, 0, 1, 1799, 3600, 259_259]
            for delta in deltas {
                let date = instant.addingTimeInterval(delta)
                let expected = Self.formatter("EEEE, d MMMM yyyy, HH:mm", zone).string(from: date)
                let dateTime = ZonedDateFormat.dateTime(date, in: zone)
                #expect(dateTime.hasPrefix(expected + " "), "\(name) \(date): \(dateTime) vs \(expected)")
                #expect(ZonedDateFormat.iso8601(date, in: zone) == Self.formatter("yyyy-MM-dd'T'HH:mm:ssxxxxx", zone).string(from: date), "\(name) \(date)")
                #expect(ZonedDateFormat.year(date, in: zone) == Self.formatter("yyyy", zone).string(from: date))
                checked += 1
            }
        }
        #expect(checked > 400)
    }

    @Test func abbreviationsReadAsPeopleWriteThem() {
        let winter = TestTime.at("2026-12-03T16:00:00Z"), summer = TestTime.at("2026-07-03T16:00:00Z")
        #expect(ZonedDateFormat.dateTime(winter, in: TimeZone(identifier: "Europe/Paris")!) == "Thursday, 3 December 2026, 17:00 CET")
        #expect(ZonedDateFormat.abbreviation(summer, TimeZone(identifier: "Europe/Paris")!) == "CEST")
        #expect(ZonedDateFormat.abbreviation(winter, TimeZone(identifier: "America/New_York")!) == "EST")
        #expect(ZonedDateFormat.abbreviation(summer, TimeZone(identifier: "America/New_York")!) == "EDT")
        #expect(ZonedDateFormat.abbreviation(winter, TimeZone(identifier: "Etc/UTC")!) == "UTC")
    }
}
