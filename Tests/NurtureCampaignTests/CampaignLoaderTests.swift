import Foundation
import NurtureCampaign
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct CampaignLoaderTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../campaigns/lead-nurture.yaml").standardizedFileURL.path

    static let minimal = """
        version: 1
        name: drip
        sender:
          name: Maya
          email: maya@northwind.example
          postal_address: 12 Harbour Street, Bristol
        catalog:
          - id: ebook-a
            title: A
            kind: ebook
            url: https://n.example/a
            topics: [analytics]
        steps:
          - id: thanks
            kind: thank_you
            template: thank-you

        """

    func problems(_ yaml: String) -> [String] {
        CampaignLoader.parse(yaml: yaml, file: "c.yaml", addressPolicy: .reservedDomainsAllowed).1.map(\.description)
    }

    @Test func theSampleCampaignLoadsWithTheDomainDefaults() throws {
        let loaded = try CampaignLoader.load(path: Self.sample, addressPolicy: .reservedDomainsAllowed)
        let campaign = loaded.campaign
        #expect(campaign.name == "lead-nurture")
        #expect(campaign.ladder == .default)
        #expect(campaign.steps.map(\.kind) == [.thankYou, .demoOffer, .webinarInvite, .relatedContent])
        #expect(campaign.stepsByPriority.map(\.kind) == [.thankYou, .demoOffer, .webinarInvite, .relatedContent])
        let thankYou = try #require(campaign.step("thank-you"))
        #expect(thankYou.conditions.trigger == Trigger(events: EventType.conversions, within: .days(7)))
        #expect(thankYou.repeatRule == .perTrigger)
        let demo = try #require(campaign.step("demo-offer"))
        #expect(demo.conditions.stages == [.prospect])
        #expect(demo.conditions.unlessEvents == [.demoRequested])
        let invite = try #require(campaign.step("webinar-invite"))
        #expect(invite.content?.startsWithin == .days(21))
        #expect(invite.content?.leadTime == .days(2))
        let related = try #require(campaign.step("related-content"))
        #expect(related.conditions.minimumGap == .days(3))
        #expect(Set(campaign.exit.events) == [.emailReplied, .demoRequested, .purchased, .unsubscribed, .bounced, .complained])
        #expect(campaign.exit.stages == [.customer])
        #expect(campaign.catalog.count >= 10)
        #expect(loaded.templatesDirectory.hasSuffix("/templates"))
        #expect(loaded.templateLines["thank-you"] != nil)
    }

    @Test func aMinimalCampaignGetsKindDefaults() throws {
        let (loaded, problems) = CampaignLoader.parse(yaml: Self.minimal, file: "c.yaml", addressPolicy: .reservedDomainsAllowed)
        #expect(problems.isEmpty)
        let step = try #require(loaded?.campaign.step("thanks"))
        #expect(step.conditions.trigger?.within == .days(7))
        #expect(loaded?.campaign.exit == .default)
    }

    @Test func unknownKeysAreReportedWithTheirLineAndASuggestion() {
        let yaml = Self.minimal.replacingOccurrences(of: "    template: thank-you\n", with: "    template: thank-you\n    when:\n      dealy: 2d\n")
        #expect(problems(yaml) == ["c.yaml:18: unknown key 'dealy' in 'when' of step 'thanks' (did you mean 'delay'?); known keys: stages, trigger, delay, after_step, after_last_email, unless_events"])
    }

    @Test func unknownStepKind() {
        let yaml = Self.minimal.replacingOccurrences(of: "kind: thank_you", with: "kind: thankyou")
        #expect(problems(yaml).first?.hasPrefix("c.yaml:15: step 'thanks': unknown kind 'thankyou' (did you mean 'thank_you'?)") == true)
    }

    @Test func duplicateStepAndCatalogIDs() {
        var yaml = Self.minimal + """
              - id: thanks
                kind: email
                template: other

            """
        yaml = yaml.replacingOccurrences(of: "catalog:\n", with: "catalog:\n  - id: ebook-a\n    title: B\n    kind: ebook\n    url: https://n.example/b\n    topics: [x]\n")
        let found = problems(yaml)
        #expect(found.contains("c.yaml:13: duplicate catalog id 'ebook-a' (first at line 8)"))
        #expect(found.contains { $0.contains("duplicate step id 'thanks' (first at line 19)") })
    }

    @Test(arguments: [("-2d", "is negative (-2d)"), ("400d", "is 400 days: more than the 365 days allowed"), ("soon", "is not a duration: 'soon'")])
    func badDelays(value: String, message: String) {
        let yaml = Self.minimal.replacingOccurrences(of: "    template: thank-you\n", with: "    template: thank-you\n    when:\n      delay: \(value)\n")
        #expect(problems(yaml) == ["c.yaml:18: 'delay' in 'when' of step 'thanks' \(message)\(value == "soon" ? " (write 30m, 12h, 3d or 2w)" : "")"])
    }

    @Test func contentItemsMustExistInTheCatalog() {
        let yaml = Self.minimal + """
              - id: drip
                kind: email
                template: drip
                content:
                  items: [ebook-b]

            """
        #expect(problems(yaml) == ["c.yaml:21: step 'drip': content item 'ebook-b' is not in the catalog (did you mean 'ebook-a'?)"])
    }

    @Test func demoOffersAreForProspectsOnly() {
        let yaml = Self.minimal + """
              - id: demo
                kind: demo_offer
                template: demo-offer
                when:
                  stages: [lead, prospect]

            """
        #expect(problems(yaml) == ["c.yaml:17: step 'demo': a demo offer goes to prospects only, not to lead"])
    }

    @Test func unknownStagesAndEvents() {
        let yaml = Self.minimal.replacingOccurrences(of: "    template: thank-you\n", with: """
                template: thank-you
                when:
                  stages: [leed]
                  trigger:
                    events: [download]

            """)
        let found = problems(yaml)
        #expect(found.contains { $0.hasPrefix("c.yaml:18: unknown stage 'leed' in 'when' of step 'thanks' (did you mean 'lead'?)") })
        #expect(found.contains { $0.hasPrefix("c.yaml:20: unknown event type 'download'") })
    }

    @Test func afterStepMustNameAStep() {
        let yaml = Self.minimal + """
              - id: tips
                kind: email
                template: tips
                when:
                  after_step: thanx
                  delay: 3d

            """
        #expect(problems(yaml) == ["c.yaml:21: step 'tips': after_step 'thanx' is not a step of this campaign (did you mean 'thanks'?)"])
    }

    /// Steps that wait for each other can never fire: one problem names the whole ring with its lines.
    @Test func afterStepCyclesAreReportedWithEveryStep() {
        let yaml = Self.minimal + """
              - id: tips
                kind: email
                template: tips
                when:
                  after_step: more
              - id: more
                kind: email
                template: more
                when:
                  after_step: last
              - id: last
                kind: email
                template: last
                when:
                  after_step: tips
              - id: fine
                kind: email
                template: fine
                when:
                  after_step: tips

            """
        #expect(problems(yaml) == [
            "c.yaml:21: steps wait for each other and can never be sent: 'tips' (line 21) → 'more' (line 26) → 'last' (line 31) → 'tips'; break the ring of after_step",
        ])
    }

    @Test func invalidYAMLSaysWhere() {
        let found = problems("name: x\nsteps: [a, b\nsender: {}\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("c.yaml:") == true)
        #expect(found.first?.contains("not valid YAML") == true)
    }

    @Test func missingFileIsOneClearProblem() {
        let (_, found) = CampaignLoader.check(path: "/nonexistent/campaign.yaml")
        #expect(found.map(\.description) == ["/nonexistent/campaign.yaml:1: cannot read the campaign file: no such file"])
    }

    @Test func unsubscribeAndBounceCannotBeDroppedFromExit() {
        let yaml = Self.minimal + "exit:\n  events: [email_replied]\n"
        let found = problems(yaml)
        #expect(found.contains { $0.contains("exit events must include 'unsubscribed'") })
        #expect(found.contains { $0.contains("exit events must include 'bounced'") })
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let yaml = Self.minimal
            .replacingOccurrences(of: "kind: thank_you", with: "kind: nope")
            .replacingOccurrences(of: "url: https://n.example/a", with: "url: ftp://n.example/a")
            .replacingOccurrences(of: "email: maya@northwind.example", with: "email: maya-at-northwind")
        #expect(problems(yaml).count == 3)
    }
}
