import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct SendWindowTests {
    let zones = TimeZoneCatalog()
    let window = SendWindow()   // quiet 20:00–08:00

    func zone(_ name: String) -> ContactZone { zones.contactZone(name, fallback: "UTC") }

    @Test func aLosAngelesLeadIsNotMailedAtOneInTheMorning() {
        let la = zone("America/Los_Angeles")
        let nineUTC = TestTime.at("2026-11-23T09:00:00Z")   // 01:00 PST
        #expect(!window.isOpen(at: nineUTC, in: la))
        let (opening, rule) = window.nextOpening(from: nineUTC, in: la)
        #expect(opening == TestTime.at("2026-11-23T16:00:00Z"))   // 08:00 PST
        #expect(rule == .quietHours)
    }

    @Test(arguments: [
        ("Asia/Kolkata", "2026-11-23T01:00:00Z", "2026-11-23T02:30:00Z"),      // +5:30
        ("Asia/Kathmandu", "2026-11-23T01:00:00Z", "2026-11-23T02:15:00Z"),    // +5:45
        ("Australia/Eucla", "2026-11-22T22:00:00Z", "2026-11-22T23:15:00Z"),   // +8:45
        ("Pacific/Chatham", "2026-11-22T17:00:00Z", "2026-11-22T18:15:00Z"),   // +13:45 in summer
        ("Australia/Lord_Howe", "2026-11-22T19:00:00Z", "2026-11-22T21:00:00Z"), // +11 in summer
        ("Europe/Paris", "2026-11-23T06:00:00Z", "2026-11-23T07:00:00Z"),
    ])
    func quietHoursEndAtEightLocalInOddOffsets(zoneName: String, from: String, expected: String) {
        let (opening, _) = window.nextOpening(from: TestTime.at(from), in: zone(zoneName))
        #expect(opening == TestTime.at(expected))
    }

    @Test func anOpeningInsideADSTGapOpensWhenTheClockJumps() {
        // Quiet until 02:30; on 2026-03-29 Paris jumps 02:00 -> 03:00 at 01:00Z.
        let odd = SendWindow(quietHours: QuietHours(startMinute: 22 * 60, endMinute: 150))
        let (opening, _) = odd.nextOpening(from: TestTime.at("2026-03-28T23:00:00Z"), in: zone("Europe/Paris"))
        #expect(opening == TestTime.at("2026-03-29T01:00:00Z"))
    }

    @Test func anOpeningInARepeatedHourOpensOnceAtItsFirstOccurrence() {
        // Quiet until 02:30; on 2026-10-25 Paris goes back 03:00 -> 02:00 at 01:00Z: 02:30 happens twice.
        let odd = SendWindow(quietHours: QuietHours(startMinute: 22 * 60, endMinute: 150))
        let (opening, _) = odd.nextOpening(from: TestTime.at("2026-10-24T22:00:00Z"), in: zone("Europe/Paris"))
        #expect(opening == TestTime.at("2026-10-25T00:30:00Z"))
    }

    @Test func newYorkAcrossBothDSTChanges() {
        let ny = zone("America/New_York")
        // Sunday 2026-03-08 the clocks spring forward at 07:00Z; 08:00 EDT is 12:00Z.
        #expect(window.nextOpening(from: TestTime.at("2026-03-08T05:00:00Z"), in: ny).0 == TestTime.at("2026-03-08T12:00:00Z"))
        // Sunday 2026-11-01 they fall back at 06:00Z; 08:00 EST is 13:00Z.
        #expect(window.nextOpening(from: TestTime.at("2026-11-01T05:00:00Z"), in: ny).0 == TestTime.at("2026-11-01T13:00:00Z"))
    }

    @Test func weekdayWindowsSkipTheWeekendInTheContactsZone() {
        let weekdays = SendWindow(days: [.monday, .tuesday, .wednesday, .thursday, .friday])
        let sydney = zone("Australia/Sydney")
        // Friday 2026-11-27 23:00Z is Saturday 10:00 in Sydney (AEDT, +11): next is Monday 08:00 = Sunday 21:00Z.
        let (opening, rule) = weekdays.nextOpening(from: TestTime.at("2026-11-27T23:00:00Z"), in: sydney)
        #expect(rule == .sendDays)
        #expect(opening == TestTime.at("2026-11-29T21:00:00Z"))
    }

    /// For every probe, the window says open or closed by the wall time the probe's instant reads, and the
    /// next opening is never earlier than asked and is open.
    @Test func everyProbeInstantGetsOneWellDefinedOpening() throws {
        let rows = try Conformance.tsv("tz-dst-edge-cases/local-time-probes-2025-2027.tsv")
        let odd = SendWindow(quietHours: QuietHours(startMinute: 3 * 60, endMinute: 2 * 60 + 30))   // open 02:30–03:00 only
        for row in rows where row[2] != "nonexistent" && !row[4].contains("TZDATA-VERSION-DEPENDENT") {
            let zone = zone(row[0])
            let instant = TestTime.at(row[3].components(separatedBy: " | ")[0])
            for w in [window, odd] {
                let (opening, _) = w.nextOpening(from: instant, in: zone)
                #expect(opening >= instant)
                #expect(w.isOpen(at: opening, in: zone) || zone.civil(at: opening).minuteOfDay >= (w.quietHours?.endMinute ?? 0),
                        "\(row[0]) \(row[1])")
                #expect(opening.timeIntervalSince(instant) <= 2 * 86_400)
            }
        }
    }
}
