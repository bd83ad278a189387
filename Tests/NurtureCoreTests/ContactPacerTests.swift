import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct ContactPacerTests {
    let zones = TimeZoneCatalog()
    let pacer = ContactPacer(policy: .default)
    let now = TestTime.at("2026-11-25T09:00:00Z")   // a Wednesday; 10:00 in Paris

    func zone(_ name: String) -> ContactZone { zones.contactZone(name, fallback: "UTC") }
    func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test func aNurtureEmailWaitsForTheMinimumGap() throws {
        let hold = try #require(pacer.hold(kind: .relatedContent, due: now, mailings: [ago(1)], zone: zone("Europe/Paris"), now: now))
        #expect(hold.rule == .minimumGap)
        #expect(hold.until == ago(-1))
        #expect(hold.reason == "waiting: minimum gap of 2 days since the last email (Tue 2026-11-24 10:00 Europe/Paris (09:00 UTC)); next slot Thu 2026-11-26 10:00 Europe/Paris (09:00 UTC)")
    }

    @Test func theCapCountsARollingWindow() throws {
        // 3 in the last 7 days (6.5, 4 and 2 days ago): the oldest leaves the window in half a day, at 21:00Z,
        // which is quiet in Paris: the next slot is 08:00 Paris the day after.
        let mailings = [ago(6.5), ago(4), ago(2.5)]
        let hold = try #require(pacer.hold(kind: .email, due: now, mailings: mailings, zone: zone("Europe/Paris"), now: now))
        #expect(hold.rule == .frequencyCap)
        #expect(hold.until == TestTime.at("2026-11-26T07:00:00Z"))
        #expect(hold.reason.hasPrefix("waiting: 3 emails in 7 days reached, then quiet hours in Europe/Paris until Thu 2026-11-26 08:00 (07:00 UTC)"))
        // Four days on, only one is left in the window.
        #expect(pacer.hold(kind: .email, due: now, mailings: mailings, zone: zone("Europe/Paris"), now: ago(-4)) == nil)
    }

    @Test func aThankYouGoesAtOnceWhateverTheGapCapOrHour() {
        let la = zone("America/Los_Angeles")   // 01:00 there
        #expect(pacer.hold(kind: .thankYou, due: now, mailings: [ago(0.1), ago(1), ago(2)], zone: la, now: now) == nil)
    }

    @Test func quietHoursHoldWithTheContactsLocalTime() throws {
        let hold = try #require(pacer.hold(kind: .demoOffer, due: now, mailings: [], zone: zone("America/Los_Angeles"), now: now))
        #expect(hold.rule == .quietHours)
        #expect(hold.reason == "waiting: quiet hours in America/Los_Angeles until 08:00 (16:00 UTC)")
    }

    @Test func aGapEndingWithinTheSlackCountsAsEnded() {
        let mailings = [now.addingTimeInterval(-2 * 86_400 + 300)]   // 2 days minus 5 minutes ago
        #expect(pacer.hold(kind: .email, due: now, mailings: mailings, zone: zone("UTC"), now: now) == nil)
    }

    @Test func aContactWithoutAZoneUsesTheCampaignsAndTheReasonSaysSo() throws {
        let fallback = zones.contactZone(nil, fallback: "America/New_York")
        let hold = try #require(pacer.hold(kind: .email, due: now, mailings: [], zone: fallback, now: TestTime.at("2026-11-25T03:00:00Z")))
        #expect(hold.reason.hasSuffix("(no time zone; using the campaign's America/New_York)"))
    }
}
