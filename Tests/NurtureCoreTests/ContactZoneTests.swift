import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct ContactZoneTests {
    let zones = TimeZoneCatalog()

    /// Every one of the 216 probes: a unique wall time resolves to its instant, a repeated one to both
    /// (earlier first, and a send goes at the earlier), a nonexistent one to the end of its gap.
    @Test func everyLocalTimeProbeResolvesAsTzdataSays() throws {
        let rows = try Conformance.tsv("tz-dst-edge-cases/local-time-probes-2025-2027.tsv")
        #expect(rows.count == 216)
        let transitions = try Conformance.tsv("tz-dst-edge-cases/transitions-2025-2027.tsv")
        var checked = 0
        for row in rows {
            let (zoneName, wall, status, utc, note) = (row[0], row[1], row[2], row[3], row[4])
            if note.contains("TZDATA-VERSION-DEPENDENT") { continue }
            let zone = try #require(zones.contactZone(zoneName, fallback: "UTC").zone)
            let contactZone = ContactZone(zone: zone)
            let civil = try #require(CivilTime(parsing: wall))
            let resolution = contactZone.resolve(civil)
            switch status {
            case "unique":
                #expect(resolution == .unique(TestTime.at(utc)), "\(zoneName) \(wall)")
                #expect(contactZone.civil(at: TestTime.at(utc)) == civil, "\(zoneName) \(wall) back to wall time")
            case "ambiguous":
                let parts = utc.components(separatedBy: " | ")
                #expect(resolution == .ambiguous(TestTime.at(parts[0]), TestTime.at(parts[1])), "\(zoneName) \(wall)")
                #expect(resolution.sendInstant == TestTime.at(parts[0]))
            case "nonexistent":
                // The gap ends at the transition whose anomaly holds this wall time.
                let transition = try #require(transitions.first { t in
                    t[0] == zoneName && t[4] == "gap" && t[5] <= wall && wall < t[6]
                }, "\(zoneName) \(wall): no gap in the transitions file")
                #expect(resolution == .nonexistent(gapEnd: TestTime.at(transition[1])), "\(zoneName) \(wall)")
            default:
                Issue.record("unknown status \(status)")
            }
            checked += 1
        }
        #expect(checked >= 200)
    }

    @Test func civilTimeRoundTripsDayNumbersAndWeekdays() {
        let c = CivilTime(localSeconds: Int64(TestTime.at("2026-11-23T09:30:00Z").timeIntervalSince1970))
        #expect(c == CivilTime(year: 2026, month: 11, day: 23, hour: 9, minute: 30))
        #expect(c.weekday == .monday)
        #expect(CivilTime(year: 2024, month: 2, day: 29).weekday == .thursday)
        #expect(CivilTime(year: 1969, month: 12, day: 31, hour: 23).weekday == .wednesday)
        #expect(CivilTime(localSeconds: -1) == CivilTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
    }

    @Test func aMissingOrUnknownZoneFallsBackToTheCampaignsAndSaysSo() {
        let none = zones.contactZone(nil, fallback: "Europe/Paris")
        #expect(none.identifier == "Europe/Paris")
        #expect(none.fallback == "no time zone; using the campaign's Europe/Paris")
        let bad = zones.contactZone("Mars/Olympus", fallback: "Europe/Paris")
        #expect(bad.fallback?.contains("unknown time zone 'Mars/Olympus'") == true)
        #expect(zones.contactZone("America/Los_Angeles", fallback: "UTC").fallback == nil)
    }
}
