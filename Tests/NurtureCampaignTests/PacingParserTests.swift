import Foundation
import NurtureCampaign
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct PacingParserTests {
    func load(_ pacing: String, priority: String = "") -> (LoadedCampaign?, [String]) {
        let yaml = CampaignLoaderTests.minimal + priority + pacing
        let (loaded, problems) = CampaignLoader.parse(yaml: yaml, file: "c.yaml", addressPolicy: .reservedDomainsAllowed)
        return (loaded, problems.map(\.description))
    }

    @Test func withoutABlockTheDocumentedDefaultsApply() throws {
        let campaign = try #require(load("").0).campaign
        #expect(campaign.priority == 0)
        #expect(campaign.pacing == .default)
        #expect(campaign.pacing.contact.minimumGap == .days(2))
        #expect(campaign.pacing.contact.cap == FrequencyCap(count: 3, window: .days(7)))
        #expect(campaign.pacing.window.quietHours == QuietHours(startMinute: 20 * 60, endMinute: 8 * 60))
        #expect(campaign.pacing.window.fallbackZone == "UTC")
    }

    @Test func everyRuleIsRead() throws {
        let (loaded, problems) = load("""
            pacing:
              time_zone: Europe/Paris
              contact:
                minimum_gap: 1d
                cap: {count: 5, per: 14d}
              send_window:
                quiet_hours: "21:30-07:15"
                days: [mon, tue, wed, thu, fri]
              relay:
                rate: 2.5
                hourly_cap: 100
                daily_cap: 500
                warm_up: {start: 40, factor: 1.5}
              domains:
                Gmail.com: {rate: 1, max_connections: 2}

            """, priority: "priority: 7\n")
        #expect(problems.isEmpty, "\(problems)")
        let campaign = try #require(loaded).campaign
        #expect(campaign.priority == 7)
        let pacing = campaign.pacing
        #expect(pacing.window.fallbackZone == "Europe/Paris")
        #expect(pacing.contact == ContactLimits(minimumGap: .days(1), cap: FrequencyCap(count: 5, window: .days(14))))
        #expect(pacing.window.quietHours == QuietHours(startMinute: 21 * 60 + 30, endMinute: 7 * 60 + 15))
        #expect(pacing.window.days == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(pacing.relay == RelayLimits(rate: 2.5, hourlyCap: 100, dailyCap: 500, warmUp: WarmUp(start: 40, factor: 1.5)))
        #expect(pacing.domains == ["gmail.com": DomainLimits(rate: 1, maxConnections: 2)])
    }

    @Test func mistakesGetAFileLineAndASuggestion() {
        let problems = load("""
            pacing:
              time_zone: Europe/Pariss
              contact:
                cap: three a week
              send_window:
                quiet_hours: "25:00-08:00"
                days: [mon, funday]
              relay:
                rate: -1

            """).1
        #expect(problems.contains { $0.hasPrefix("c.yaml:18: unknown time zone 'Europe/Pariss'") && $0.contains("did you mean 'Europe/Paris'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("c.yaml:20: cap in pacing contact must read like '3 per 7d'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("c.yaml:22: quiet_hours") }, "\(problems)")
        #expect(problems.contains { $0.contains("unknown day 'funday'") }, "\(problems)")
        #expect(problems.contains { $0.contains("'rate' in pacing relay must be a positive number") }, "\(problems)")
    }

    @Test func aSharedPacingFileSetsEveryCampaignOfTheFolderAndACampaignOverridesIt() throws {
        let folder = try TemporaryFolder(prefix: "nurture-pacing")
        _ = try folder.write("pacing.yaml", "contact:\n  minimum_gap: 4d\nsend_window:\n  quiet_hours: off\n")
        let plain = try folder.write("a.yaml", CampaignLoaderTests.minimal)
        let own = try folder.write("b.yaml", CampaignLoaderTests.minimal.replacingOccurrences(of: "name: drip", with: "name: drip-b")
            + "pacing:\n  contact:\n    minimum_gap: 1d\n")
        let a = try CampaignLoader.load(path: plain, addressPolicy: .reservedDomainsAllowed).campaign.pacing
        #expect(a.contact.minimumGap == .days(4))
        #expect(a.window.quietHours == nil)
        let b = try CampaignLoader.load(path: own, addressPolicy: .reservedDomainsAllowed).campaign.pacing
        #expect(b.contact.minimumGap == .days(1))
        #expect(b.window.quietHours == nil, "the rest still comes from the shared file")
        #expect(CampaignLoader.campaignFiles(in: folder.url.path).map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.yaml", "b.yaml"])
    }
}
