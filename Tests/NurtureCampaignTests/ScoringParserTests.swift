import Foundation
import NurtureCampaign
import NurtureCore
import NurtureTestSupport
import Testing

/// The scoring file a campaign names: read into rules, and refused with `file:line: message`.
@Suite struct ScoringParserTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A campaign in a temporary folder naming `scoring.yaml` beside it, with `text` in that file.
    func load(_ text: String, stages: String = "") throws -> (LoadedCampaign?, [String]) {
        let folder = try TemporaryFolder(prefix: "scoring")
        try folder.write("scoring.yaml", text)
        let campaign = try folder.write("c.yaml", CampaignLoaderTests.minimal + stages + "scoring: scoring.yaml\n")
        let (loaded, problems) = CampaignLoader.check(path: campaign, addressPolicy: .reservedDomainsAllowed)
        let shown = (campaign as NSString).deletingLastPathComponent
        return (loaded, problems.map { $0.description.replacingOccurrences(of: shown + "/", with: "") })
    }

    @Test func theShippedRulesLoadWithTheSampleCampaign() throws {
        let path = Self.packageRoot.appendingPathComponent("campaigns/lead-nurture.yaml").path
        let loaded = try CampaignLoader.load(path: path, addressPolicy: .reservedDomainsAllowed)
        let scoring = try #require(loaded.campaign.scoring)
        #expect(scoring.source.hasSuffix("scoring/default.yaml"))
        #expect(!scoring.source.contains(".."))
        #expect(scoring.rules.contains { $0.id == "pricing-page" && $0.decay == .halfLife(.days(30)) })
        #expect(scoring.transitions.score?.threshold == 50)
        #expect(scoring.bands.map(\.name) == ["cold", "warm", "hot"])
    }

    @Test func everyRuleKindIsRead() throws {
        let (loaded, problems) = try load("""
            version: 1
            stages:
              score: {threshold: 40}
              conversion: off
            rules:
              - {id: senior, attribute: job_title, words: "vp|head of|chief", points: 15}
              - {id: industry, attribute: industry, in: [Software, Finance], points: 10}
              - {id: size, attribute: company_size, at_least: 200, at_most: 5000, points: 5}
              - {id: pricing, event: page_viewed, where: {page: [pricing, plans]}, points: 20, half_life: 30d}
              - {id: downloads, event: content_downloaded, points: 10, cap: 30, expires: 90d}
              - {id: competitor, attribute: email_domain, in: [rival.example], points: -60}
            """)
        #expect(problems == [])
        let scoring = try #require(loaded?.campaign.scoring)
        #expect(scoring.rules.map(\.id) == ["senior", "industry", "size", "pricing", "downloads", "competitor"])
        #expect(scoring.rules[0].kind == .attribute(.jobTitle, .words([["vp"], ["head", "of"], ["chief"]])))
        #expect(scoring.rules[1].kind == .attribute(.custom("industry"), .oneOf(["software", "finance"])))
        #expect(scoring.rules[2].kind == .attribute(.custom("company_size"), .range(atLeast: 200, atMost: 5000)))
        #expect(scoring.rules[4].cap == 30)
        #expect(scoring.rules[4].decay == .expires(.days(90)))
        #expect(scoring.rules[5].points == -60)
        #expect(scoring.transitions.score?.threshold == 40)
        #expect(scoring.transitions.conversion == nil)
        #expect(scoring.transitions.salesRequest == StageTransitions.default.salesRequest)
    }

    @Test func problemsNameTheScoringFileAndLineWithASuggestion() throws {
        let (loaded, problems) = try load("""
            rules:
              - id: pricing
                event: page_veiwed
                points: 20
              - id: title
                attribute: job_titel
                words: [vp]
                points: 10
              - id: decaying
                event: content_downloaded
                points: 5
                half_life: 30d
                expires: 60d
              - id: pricing
                event: demo_requested
                points: 30
            stages:
              score: {to: mqll}
            """)
        #expect(loaded?.campaign.scoring == nil)
        #expect(problems.contains("scoring.yaml:3: unknown event type 'page_veiwed' in rule 'pricing' (did you mean 'page_viewed'?)"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("scoring.yaml:6: unknown attribute 'job_titel' in rule 'title' (did you mean 'job_title'?)") }, "\(problems)")
        #expect(problems.contains("scoring.yaml:13: rule 'decaying' has both half_life and expires: points fade one way or the other"), "\(problems)")
        #expect(problems.contains("scoring.yaml:14: duplicate rule id 'pricing' (first at line 2)"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("scoring.yaml:18: unknown stage 'mqll' in stages score (did you mean 'mql'?)") }, "\(problems)")
    }

    @Test func aMissingScoringFileIsAProblemOfTheCampaign() throws {
        let folder = try TemporaryFolder(prefix: "scoring")
        let campaign = try folder.write("c.yaml", CampaignLoaderTests.minimal + "scoring: nowhere.yaml\n")
        let (_, problems) = CampaignLoader.check(path: campaign, addressPolicy: .reservedDomainsAllowed)
        #expect(problems.contains { $0.line > 1 && $0.message.hasPrefix("no scoring file ") && $0.message.contains("nowhere.yaml") }, "\(problems)")
    }

    @Test func theDefaultTransitionsMustFitTheCampaignsLadder() throws {
        let (_, problems) = try load("rules:\n  - {id: x, attribute: company, present: true, points: 1}\n", stages: "stages: [cold, warm, won]\n")
        #expect(problems.contains { $0.contains("not on the campaign's ladder (cold, warm, won)") }, "\(problems)")
    }
}
