import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct RelayPacerTests {
    let start = TestTime.at("2026-11-23T09:00:00Z")

    @Test func aTokenBucketSpacesMessagesAtTheRate() {
        var pacer = RelayPacer(limits: RelayLimits(rate: 2), at: start)
        #expect(pacer.admit(sender: "n.example", domain: "a.example", now: start) == .now)
        pacer.started(sender: "n.example", domain: "a.example", now: start)
        #expect(pacer.admit(sender: "n.example", domain: "a.example", now: start) == .after(start.addingTimeInterval(0.5)))
        #expect(pacer.admit(sender: "n.example", domain: "a.example", now: start.addingTimeInterval(0.5)) == .now)
    }

    @Test func domainConnectionsAndRatesAreHeldPerDomain() {
        var pacer = RelayPacer(limits: RelayLimits(), domainLimits: ["gmail.com": DomainLimits(rate: 1, maxConnections: 1)], at: start)
        pacer.started(sender: "n.example", domain: "gmail.com", now: start)
        #expect(pacer.admit(sender: "n.example", domain: "GMAIL.com", now: start) == .domainBusy)
        #expect(pacer.admit(sender: "n.example", domain: "outlook.com", now: start) == .now)
        pacer.finished(domain: "gmail.com", throttled: false, now: start.addingTimeInterval(0.2))
        #expect(pacer.admit(sender: "n.example", domain: "gmail.com", now: start.addingTimeInterval(0.2)) == .after(start.addingTimeInterval(1)))
    }

    @Test func throttlingHalvesTheRateAndAQuietSpellRaisesItAgain() throws {
        var pacer = RelayPacer(limits: RelayLimits(rate: 10), at: start)
        pacer.started(sender: "n.example", domain: "a.example", now: start)
        pacer.finished(domain: "a.example", throttled: true, now: start)
        #expect(pacer.rate == 5)
        pacer.finished(domain: "a.example", throttled: true, now: start.addingTimeInterval(1))
        #expect(pacer.rate == 2.5)
        pacer.finished(domain: "a.example", throttled: false, now: start.addingTimeInterval(40))
        #expect(pacer.rate == 3.125)
        #expect(pacer.throttles == 2)
        // Never above the configured rate.
        var t = start.addingTimeInterval(40)
        for _ in 0..<20 { t = t.addingTimeInterval(31); pacer.finished(domain: "a.example", throttled: false, now: t) }
        #expect(pacer.rate == 10)
    }

    @Test func withNoConfiguredRateThrottlingStillSlowsDown() {
        var pacer = RelayPacer(limits: RelayLimits(), at: start)
        #expect(pacer.rate == nil)
        pacer.finished(domain: "a.example", throttled: true, now: start)
        #expect(pacer.rate != nil)
    }

    @Test func hourlyAndDailyCapsHoldUntilTheNextPeriod() throws {
        var pacer = RelayPacer(limits: RelayLimits(hourlyCap: 2, dailyCap: 3), at: start)
        for _ in 0..<2 { pacer.started(sender: "n.example", domain: "a.example", now: start) }
        guard case let .capped(hold) = pacer.admit(sender: "n.example", domain: "a.example", now: start) else { Issue.record("not capped"); return }
        #expect(hold.rule == .relayHourlyCap)
        #expect(hold.until == TestTime.at("2026-11-23T10:00:00Z"))
        let tenOClock = TestTime.at("2026-11-23T10:00:00Z")
        #expect(pacer.admit(sender: "n.example", domain: "a.example", now: tenOClock) == .now)
        pacer.started(sender: "n.example", domain: "a.example", now: tenOClock)
        guard case let .capped(daily) = pacer.admit(sender: "n.example", domain: "a.example", now: tenOClock) else { Issue.record("not capped"); return }
        #expect(daily.rule == .relayDailyCap)
        #expect(daily.reason == "waiting: relay daily cap 3 reached; next slot tomorrow 00:00 UTC")
        #expect(pacer.remaining(sender: "n.example") == 0)
    }

    @Test func counterPeriodsAreZeroPaddedUTCDayAndHour() {
        #expect(RelayUsage.dayPeriod(start) == "2026-11-23")
        #expect(RelayUsage.hourPeriod(start) == "2026-11-23T09")
        #expect(RelayUsage.hourPeriod(TestTime.at("2026-01-05T23:59:59Z")) == "2026-01-05T23")
        // Years below 1000 keep four digits, as `%04d` gave them.
        let early = Date(timeIntervalSince1970: -60_000_000_000)
        #expect(RelayUsage.dayPeriod(early) == "0068-09-03")
        #expect(RelayUsage.hourPeriod(early) == "0068-09-03T13")
    }

    /// What a run claims of a page: the caps count it as started, the rate and the domains do not.
    @Test func aReservationCountsAgainstTheCapsAndNothingElse() throws {
        var pacer = RelayPacer(limits: RelayLimits(rate: 1, hourlyCap: 3, warmUp: WarmUp(start: 2, factor: 2)),
                               domainLimits: ["gmail.com": DomainLimits(rate: 1, maxConnections: 1)], at: start)
        #expect(pacer.reserve(sender: "n.example", now: start) == nil)
        #expect(pacer.reserve(sender: "N.example", now: start) == nil)
        let third = pacer.reserve(sender: "n.example", now: start)
        let warmedUp = try #require(third)
        #expect(warmedUp.rule == .relayDailyCap)
        #expect(pacer.reserve(sender: "other.example", now: start) == nil)
        let fifth = pacer.reserve(sender: "other.example", now: start)
        let hourly = try #require(fifth)
        #expect(hourly.rule == .relayHourlyCap)
        #expect(pacer.usage.hour == 3)
        #expect(pacer.remaining(sender: "n.example") == 0)
        // The token bucket and the domain are untouched: a start is admitted at once.
        #expect(pacer.admit(sender: "x.example", domain: "gmail.com", now: TestTime.at("2026-11-23T10:00:00Z")) == .now)
    }

    @Test func warmUpDoublesDailyAndResumesFromPersistedCounts() throws {
        let warm = RelayLimits(dailyCap: 500, warmUp: WarmUp(start: 50, factor: 2))
        // Day 3 of the domain (first sent two days ago), 200 already sent today by an earlier run.
        let firstDay = RelayUsage.dayPeriod(start.addingTimeInterval(-2 * 86_400))
        let day = RelayUsage.warmUpDay(firstDay: firstDay, at: start)
        #expect(day == 3)
        let usage = RelayUsage(hour: 0, day: 200, senders: ["n.example": .init(today: 200, warmUpDay: day)])
        var pacer = RelayPacer(limits: warm, usage: usage, at: start)
        #expect(pacer.remaining(sender: "n.example") == 0)   // 50 * 2^2 = 200
        guard case let .capped(hold) = pacer.admit(sender: "n.example", domain: "a.example", now: start) else { Issue.record("not capped"); return }
        #expect(hold.reason == "waiting: relay daily cap 200 reached (warm-up day 3 of n.example); next slot tomorrow 00:00 UTC")
        // The next UTC day is warm-up day 4: 400.
        let tomorrow = TestTime.at("2026-11-24T00:00:00Z")
        #expect(pacer.admit(sender: "n.example", domain: "a.example", now: tomorrow) == .now)
        #expect(pacer.remaining(sender: "n.example") == 400)
        #expect(WarmUp().limit(onDay: 5) == 800)
    }

    @Test(arguments: [
        ("421 4.7.0 Too many messages, slow down", true),
        ("454 4.7.0 Temporary authentication failure", true),
        ("451 4.7.1 Rate limit exceeded", true),
        ("450 4.2.1 try again later", true),
        ("451 4.3.0 Mail server temporarily rejected message", false),
        ("450 4.1.1 mailbox unavailable", false),
        ("452 4.3.1 insufficient system storage", false),
    ])
    func throttlingReplies(reply: String, throttling: Bool) {
        #expect(ThrottleSignal.isThrottling(reply: reply) == throttling)
    }
}
