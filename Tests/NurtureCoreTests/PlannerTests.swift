import Foundation
import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct PlannerTests {
    let now = Fixtures.now
    let planner = Planner(campaign: Fixtures.campaign())

    func decide(_ contact: Contact, events: [ContactEvent] = [], sent: [SentMessage] = [], suppressed: Bool = false, at: Date? = nil) -> Decision {
        planner.decide(ContactHistory(contact: contact, events: events, sent: sent, suppressed: suppressed), now: at ?? now)
    }

    func send(_ decision: Decision, sourceLocation: SourceLocation = #_sourceLocation) throws -> Decision.Send {
        guard case let .send(send) = decision else {
            Issue.record("expected send, got \(decision.name): \(decision.reason)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return send
    }

    // MARK: thank-you

    @Test func thankYouIsDueAtOnceAfterADownloadAndNamesTheItem() throws {
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.1)
        let send = try send(decide(Fixtures.contact(), events: [download]))
        #expect(send.step == "thank-you")
        #expect(send.kind == .thankYou)
        #expect(send.content == "ebook-stack")
        #expect(send.contentKey == "ebook-stack")
        #expect(send.due == download.at)
        #expect(send.trigger == download)
        #expect(send.reason.contains("The Modern Data Stack Playbook"))
    }

    @Test(arguments: [EventType.formSubmitted, .newsletterSignup, .webinarRegistered, .contentDownloaded])
    func everyConversionIsThanked(type: EventType) throws {
        let send = try send(decide(Fixtures.contact(stage: .subscriber), events: [Fixtures.event(type, daysAgo: 1)]))
        #expect(send.step == "thank-you")
        #expect(send.contentKey == "@\(type.rawValue)")
        #expect(send.content == nil)
    }

    @Test func conversionOlderThanSevenDaysIsNotThanked() {
        let decision = decide(Fixtures.contact(stage: .subscriber), events: [Fixtures.event(.newsletterSignup, daysAgo: 7.5)])
        #expect(decision.name == "skip")
        #expect(decision.reason.contains("no form_submitted/content_downloaded/newsletter_signup/webinar_registered in the last 7 days"))
    }

    @Test func aThankedConversionIsNotThankedAgainButANewOneIs() throws {
        let first = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 3)
        let second = Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 0.5)
        let thanked = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 3)
        let send = try send(decide(Fixtures.contact(), events: [first, second], sent: [thanked]))
        #expect(send.step == "thank-you")
        #expect(send.content == "ebook-dash")

        let both = [thanked, Fixtures.sent("thank-you", "ebook-dash", daysAgo: 0.4)]
        #expect(decide(Fixtures.contact(), events: [first, second], sent: both).stepID != "thank-you")
    }

    @Test func conversionsAtTheSameTimeGetOneThankYouForTheItem() throws {
        let signup = Fixtures.event(.newsletterSignup, daysAgo: 1)
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 1)
        let send = try send(decide(Fixtures.contact(), events: [signup, download]))
        #expect(send.content == "ebook-stack")
        let thanked = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 0.9)
        #expect(decide(Fixtures.contact(), events: [signup, download], sent: [thanked]).stepID != "thank-you")
    }

    @Test func aConversionBeforeTheLastThankYouCountsAsAnswered() {
        // A backlog: two downloads, the newer one thanked; the older one is not thanked a day later.
        let older = Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 5)
        let newer = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 3)
        let thanked = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 1)
        #expect(decide(Fixtures.contact(), events: [older, newer], sent: [thanked]).stepID != "thank-you")
    }

    @Test func eachWebinarRegistrationIsConfirmedEvenAfterAnotherThankYou() throws {
        let registered = Fixtures.event(.webinarRegistered, "webinar-soon", daysAgo: 2)
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 1)
        let first = try send(decide(Fixtures.contact(), events: [registered, download]))
        #expect(first.content == "ebook-stack")
        let thanked = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 0.9)
        let second = try send(decide(Fixtures.contact(), events: [registered, download], sent: [thanked]))
        #expect(second.step == "thank-you")
        #expect(second.content == "webinar-soon")
    }

    @Test func noConfirmationForAWebinarThatAlreadyTookPlace() {
        var campaign = Fixtures.campaign()
        campaign.catalog.append(CatalogItem(id: "webinar-past", title: "Last Week's Webinar", url: "https://n.example/w/past",
                                            kind: .webinar, topics: ["analytics"], startsAt: now.addingTimeInterval(-86_400)))
        let decision = Planner(campaign: campaign).decide(
            ContactHistory(contact: Fixtures.contact(stage: .subscriber), events: [Fixtures.event(.webinarRegistered, "webinar-past", daysAgo: 3)]), now: now)
        #expect(decision.stepID != "thank-you")
        #expect(decision.reason.contains("“Last Week's Webinar” already took place"))
    }

    @Test func aDownloadOfAnItemNotInTheCatalogIsNotThanked() {
        let decision = decide(Fixtures.contact(stage: .subscriber), events: [Fixtures.event(.contentDownloaded, "mystery-pdf", daysAgo: 0.5)])
        #expect(decision.stepID != "thank-you")
        #expect(decision.reason.contains("'mystery-pdf' of a content_downloaded is not in the catalog"))
    }

    @Test func thankYouIgnoresTheGapBetweenEmails() throws {
        let related = Fixtures.sent("related-content", "guide-quality", daysAgo: 0.5)
        let send = try send(decide(Fixtures.contact(), events: [Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 0.01)], sent: [related]))
        #expect(send.step == "thank-you")
    }

    // MARK: related content

    @Test func relatedContentWaitsThreeDaysAfterTheLastEmail() throws {
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 1)
        let thanked = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 1)
        let decision = decide(Fixtures.contact(), events: [download], sent: [thanked])
        guard case let .wait(wait) = decision else { Issue.record("expected wait: \(decision)"); return }
        #expect(wait.step == "related-content")
        #expect(wait.until == thanked.at.adding(.days(3)))
        #expect(wait.reason.contains("3 days after the last email"))

        let later = try send(decide(Fixtures.contact(), events: [download], sent: [thanked], at: wait.until))
        #expect(later.step == "related-content")
        #expect(later.due == wait.until)
    }

    @Test func aRunMinutesEarlySendsWhatIsDueBeforeTheNextOne() throws {
        // Yesterday's email went at 09:00:00.4; today's run starts at 09:00:00.1, three days later.
        let thanked = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 3 - 0.3 / 86_400)
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 3.1)
        #expect(try send(decide(Fixtures.contact(), events: [download], sent: [thanked])).step == "related-content")
        // An hour early is not "the same run": it waits.
        let early = Fixtures.sent("thank-you", "ebook-stack", daysAgo: 3 - 1.0 / 24)
        #expect(decide(Fixtures.contact(), events: [download], sent: [early]).name == "wait")
    }

    @Test func relatedContentSharesATopicAndPrefersTheMostShared() throws {
        // Downloaded the stack e-book (data-engineering, analytics): the cost report shares both.
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 10)
        let send = try send(decide(Fixtures.contact(), events: [download], sent: [Fixtures.sent("thank-you", "ebook-stack", daysAgo: 10)]))
        #expect(send.step == "related-content")
        #expect(send.content == "report-costs")
        #expect(send.reason.contains("shares"))
    }

    @Test func relatedContentMatchesDeclaredInterestsWithoutAnyDownload() throws {
        let send = try send(decide(Fixtures.contact(interests: ["Data Quality"])))
        #expect(send.content == "guide-quality")
    }

    @Test func relatedContentNeverRepeatsWhatWasSentOrDownloaded() throws {
        let contact = Fixtures.contact(interests: ["dashboards"])
        // ebook-dash downloaded; case-retail is for mql/prospect only; nothing else is about dashboards.
        let decision = decide(contact, events: [Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 20)],
                              sent: [Fixtures.sent("thank-you", "ebook-dash", daysAgo: 20)])
        #expect(decision.name == "done")
        #expect(decision.reason.contains("already had every matching"))

        let mql = Fixtures.contact(stage: .mql, interests: ["dashboards"])
        let offered = try send(decide(mql, events: [Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 20)]))
        #expect(offered.content == "case-retail")
        let afterwards = decide(mql, events: [Fixtures.event(.contentDownloaded, "ebook-dash", daysAgo: 20)],
                                sent: [Fixtures.sent("related-content", "case-retail", daysAgo: 5)])
        #expect(afterwards.name == "done")
    }

    @Test func laterStagesGetProofBeforeEducation() throws {
        // Both the dashboards e-book and the retail case study match; an MQL gets the case study.
        let mql = try send(decide(Fixtures.contact(stage: .mql, interests: ["dashboards"])))
        #expect(mql.content == "case-retail")
        let lead = try send(decide(Fixtures.contact(stage: .lead, interests: ["dashboards"])))
        #expect(lead.content == "ebook-dash")
    }

    @Test func relatedContentSendsNothingWhenNothingMatches() {
        let decision = decide(Fixtures.contact(interests: ["gardening"]))
        #expect(decision.name == "skip")
        #expect(decision.reason.contains("related-content: no"))
    }

    // MARK: webinar invite

    @Test func webinarInviteForAMatchingUpcomingWebinar() throws {
        let send = try send(decide(Fixtures.contact(stage: .subscriber, interests: ["cloud-costs"])))
        #expect(send.step == "webinar-invite")
        #expect(send.content == "webinar-soon")
    }

    @Test func webinarInviteNotToSomeoneRegistered() {
        let registered = Fixtures.event(.webinarRegistered, "webinar-soon", daysAgo: 9)
        let decision = decide(Fixtures.contact(stage: .subscriber, interests: ["cloud-costs"]), events: [registered],
                              sent: [Fixtures.sent("thank-you", "webinar-soon", daysAgo: 9)])
        #expect(decision.stepID != "webinar-invite")
        #expect(decision.content != "webinar-soon")
    }

    @Test func webinarMoreThan21DaysAheadWaitsForTheWindow() {
        let decision = decide(Fixtures.contact(stage: .subscriber, interests: ["data-governance"]))
        guard case let .wait(wait) = decision else { Issue.record("expected wait: \(decision)"); return }
        #expect(wait.step == "webinar-invite")
        #expect(wait.content == "webinar-far")
        #expect(wait.until == now.addingTimeInterval(40 * 86_400).subtracting(.days(21)))
    }

    @Test func noInviteLessThanTwoDaysBeforeTheStart() {
        let decision = decide(Fixtures.contact(stage: .subscriber, interests: ["machine-learning"]))
        #expect(decision.name == "skip")
        #expect(decision.reason.contains("too late to invite"))
    }

    @Test func inviteWindowClosesWhenTheGapPushesPastTheLeadTime() {
        // Webinar in 10 days; last email yesterday; gap 2 days → due in 1 day: still fine.
        let contact = Fixtures.contact(stage: .subscriber, interests: ["cloud-costs"])
        let decision = decide(contact, sent: [Fixtures.sent("thank-you", key: "@newsletter_signup", daysAgo: 1)])
        guard case let .wait(wait) = decision else { Issue.record("expected wait: \(decision)"); return }
        #expect(wait.content == "webinar-soon")
        // Eight days later the webinar is 2 days away, inside the lead time: no invite any more.
        let late = decide(contact, sent: [Fixtures.sent("thank-you", key: "@newsletter_signup", daysAgo: 1)], at: now.addingTimeInterval(8.5 * 86_400))
        #expect(late.stepID != "webinar-invite")
    }

    // MARK: demo offer

    @Test func demoOfferGoesToProspects() throws {
        let pricing = Fixtures.event(.pageViewed, daysAgo: 2, properties: ["page": "pricing"])
        let send = try send(decide(Fixtures.contact(stage: .prospect), events: [pricing]))
        #expect(send.step == "demo-offer")
        #expect(send.contentKey == "")
        #expect(send.reason.contains("pricing page"))
    }

    @Test(arguments: [Stage.subscriber, .lead, .mql])
    func demoOfferNeverGoesBelowProspect(stage: Stage) {
        let pricing = Fixtures.event(.pageViewed, daysAgo: 2, properties: ["page": "pricing"])
        #expect(decide(Fixtures.contact(stage: stage, interests: ["analytics"]), events: [pricing]).stepID != "demo-offer")
    }

    @Test func demoOfferNotToSomeoneWhoRequestedADemo() {
        // Even when the campaign does not exit on demo requests, the step's own condition holds.
        var campaign = Fixtures.campaign()
        campaign.exit = ExitRule(stages: [.customer], events: [.unsubscribed, .bounced])
        let decision = Planner(campaign: campaign).decide(
            ContactHistory(contact: Fixtures.contact(stage: .prospect), events: [Fixtures.event(.demoRequested, daysAgo: 3)]), now: now)
        #expect(decision.stepID != "demo-offer")
    }

    @Test func demoOfferIsSentOnce() {
        let decision = decide(Fixtures.contact(stage: .prospect), sent: [Fixtures.sent("demo-offer", daysAgo: 10)])
        #expect(decision.stepID != "demo-offer")
    }

    // MARK: priority

    @Test func oneEmailPerRunInPriorityOrder() throws {
        // A prospect who just downloaded, likes cloud costs (webinar) and analytics (related content).
        let contact = Fixtures.contact(stage: .prospect, interests: ["cloud-costs", "analytics"])
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.1)
        #expect(try send(decide(contact, events: [download])).step == "thank-you")
        #expect(try send(decide(contact)).step == "demo-offer")
        #expect(try send(decide(contact, sent: [Fixtures.sent("demo-offer", daysAgo: 5)])).step == "webinar-invite")
        let afterInvite = [Fixtures.sent("demo-offer", daysAgo: 9), Fixtures.sent("webinar-invite", "webinar-soon", daysAgo: 5)]
        #expect(try send(decide(contact, sent: afterInvite)).step == "related-content")
    }

    // MARK: exits

    @Test(arguments: [EventType.emailReplied, .demoRequested, .unsubscribed, .bounced, .purchased, .complained])
    func exitEventsEndTheNurture(type: EventType) {
        let events = [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.5), Fixtures.event(type, daysAgo: 0.2)]
        let decision = decide(Fixtures.contact(stage: .prospect), events: events)
        #expect(decision.name == "done")
        #expect(decision.reason.contains(type.pastTense))
    }

    @Test func customersLeaveTheNurture() {
        let decision = decide(Fixtures.contact(stage: .customer), events: [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.5)])
        #expect(decision == .done(reason: "stage customer: left the nurture, a person takes over"))
    }

    @Test func suppressedAddressesAreNeverPlanned() {
        let decision = decide(Fixtures.contact(), events: [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.5)], suppressed: true)
        #expect(decision.name == "done")
        #expect(decision.reason.contains("suppressed"))
    }

    @Test func stageOffTheLadderIsSkipped() {
        let decision = decide(Fixtures.contact(stage: "partner"))
        #expect(decision.name == "skip")
        #expect(decision.reason.contains("'partner' is not on this campaign's ladder"))
    }

    @Test func contactWithoutStageIsTakenAtTheLowestRung() throws {
        let send = try send(decide(Fixtures.contact(stage: nil), events: [Fixtures.event(.newsletterSignup, daysAgo: 0.1)]))
        #expect(send.step == "thank-you")
    }

    // MARK: determinism and time

    @Test func sameInputsSameDecision() {
        let contact = Fixtures.contact(stage: .mql, interests: ["analytics", "dashboards", "cloud-costs"])
        let events = [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 12), Fixtures.event(.webinarAttended, "webinar-soon", daysAgo: 11)]
        let first = decide(contact, events: events)
        for _ in 0..<20 { #expect(decide(contact, events: events.reversed()) == first) }
    }

    @Test func eventsAfterNowAreInvisible() {
        let future = Fixtures.event(.emailReplied, daysAgo: -1)
        let decision = decide(Fixtures.contact(), events: [Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.5), future])
        #expect(decision.stepID == "thank-you")
    }

    @Test func unknownLedgerOutcomesCountAsSent() {
        let download = Fixtures.event(.contentDownloaded, "ebook-stack", daysAgo: 0.5)
        for state in DeliveryState.allCases {
            let decision = decide(Fixtures.contact(), events: [download], sent: [Fixtures.sent("thank-you", "ebook-stack", daysAgo: 0.4, state: state)])
            #expect(decision.stepID != "thank-you" || decision.name != "send", "state \(state) must block a resend")
        }
    }

    // MARK: drip steps

    @Test func dripStepFollowsItsPredecessorAfterTheDelay() throws {
        var campaign = Fixtures.campaign()
        campaign.steps = [
            Step(id: "welcome", kind: .email, template: "welcome", conditions: StepConditions(
                trigger: Trigger(events: [.newsletterSignup], within: .days(30)))),
            Step(id: "tips", kind: .email, template: "tips", conditions: StepConditions(delay: .days(4), afterStep: "welcome")),
        ]
        let planner = Planner(campaign: campaign)
        let contact = Fixtures.contact(stage: .subscriber)
        let signup = Fixtures.event(.newsletterSignup, daysAgo: 2)
        let first = planner.decide(ContactHistory(contact: contact, events: [signup]), now: now)
        #expect(first.stepID == "welcome")
        let welcomed = ContactHistory(contact: contact, events: [signup], sent: [Fixtures.sent("welcome", daysAgo: 2)])
        guard case let .wait(wait) = planner.decide(welcomed, now: now) else { Issue.record("expected wait"); return }
        #expect(wait.step == "tips")
        #expect(wait.until == now.addingTimeInterval(2 * 86_400))
        #expect(planner.decide(welcomed, now: wait.until).stepID == "tips")
    }
}
