import Foundation
import NurtureCore

/// Small, readable builders for tests of the core.
public enum Fixtures {
    public static let now = TestTime.at("2026-11-23T09:00:00Z")

    public static func address(_ text: String) -> EmailAddress {
        do { return try EmailAddress(text, policy: .reservedDomainsAllowed) } catch { preconditionFailure("bad test address \(text): \(error)") }
    }

    public static func contact(
        _ email: String = "dana@acme.example", stage: Stage? = .lead, interests: [String] = [], firstName: String? = "Dana", id: Int64 = 1
    ) -> Contact {
        Contact(id: id, email: address(email), firstName: firstName, stage: stage, interests: interests, timeZone: "Europe/London")
    }

    /// An event `daysAgo` days (fractions allowed) before `now`.
    public static func event(_ type: EventType, _ content: String? = nil, daysAgo: Double, properties: [String: String] = [:], now: Date = now) -> ContactEvent {
        ContactEvent(type: type, at: now.addingTimeInterval(-daysAgo * 86_400), content: content, properties: properties)
    }

    public static func sent(_ step: String, _ content: String? = nil, key: String? = nil, daysAgo: Double, state: DeliveryState = .sent, now: Date = now) -> SentMessage {
        SentMessage(step: step, contentKey: key ?? content ?? "", content: content, at: now.addingTimeInterval(-daysAgo * 86_400), state: state)
    }

    public static let sender = Sender(
        name: "Maya from Northwind", email: address("maya@northwind.example"),
        postalAddress: "12 Harbour Street, Bristol", unsubscribeURL: "https://northwind.example/unsubscribe"
    )

    /// The sample nurture of DOMAIN.md, built in code (the YAML twin is campaigns/lead-nurture.yaml).
    public static func campaign(now: Date = now) -> Campaign {
        func days(_ n: Double) -> Date { now.addingTimeInterval(n * 86_400) }
        let catalog = [
            CatalogItem(id: "ebook-stack", title: "The Modern Data Stack Playbook", url: "https://n.example/e/stack", kind: .ebook, topics: ["data-engineering", "analytics"]),
            CatalogItem(id: "ebook-dash", title: "Dashboards People Use", url: "https://n.example/e/dash", kind: .ebook, topics: ["dashboards", "self-service-bi"]),
            CatalogItem(id: "guide-quality", title: "Data Quality Checks", url: "https://n.example/g/quality", kind: .guide, topics: ["data-quality", "data-engineering"]),
            CatalogItem(id: "report-costs", title: "Cloud Cost Report", url: "https://n.example/r/costs", kind: .report, topics: ["cloud-costs", "data-engineering", "analytics"]),
            CatalogItem(id: "case-retail", title: "Brightline Retail", url: "https://n.example/c/retail", kind: .caseStudy, topics: ["analytics", "dashboards"], stages: [.mql, .prospect]),
            CatalogItem(id: "webinar-soon", title: "Warehouse Costs Live", url: "https://n.example/w/soon", kind: .webinar, topics: ["cloud-costs"], startsAt: days(10)),
            CatalogItem(id: "webinar-far", title: "Governance Roundtable", url: "https://n.example/w/far", kind: .webinar, topics: ["data-governance"], startsAt: days(40)),
            CatalogItem(id: "webinar-close", title: "Tomorrow's Webinar", url: "https://n.example/w/close", kind: .webinar, topics: ["machine-learning"], startsAt: days(1)),
        ]
        let steps = [
            Step(id: "thank-you", kind: .thankYou, template: "thank-you", conditions: StepConditions(
                stages: [.subscriber, .lead, .mql, .prospect],
                trigger: Trigger(events: EventType.conversions, within: .days(7)))),
            Step(id: "demo-offer", kind: .demoOffer, template: "demo-offer", conditions: StepConditions(
                stages: [.prospect], minimumGap: .days(2), unlessEvents: [.demoRequested])),
            Step(id: "webinar-invite", kind: .webinarInvite, template: "webinar-invite", conditions: StepConditions(
                stages: [.subscriber, .lead, .mql, .prospect], minimumGap: .days(2)),
                content: ContentRule(match: [.interests, .downloads], kinds: [.webinar], startsWithin: .days(21), leadTime: .days(2))),
            Step(id: "related-content", kind: .relatedContent, template: "related-content", conditions: StepConditions(
                stages: [.lead, .mql, .prospect], minimumGap: .days(3)),
                content: ContentRule(match: [.interests, .downloads], kinds: [.ebook, .guide, .report, .caseStudy])),
        ]
        return Campaign(name: "lead-nurture", sender: sender, catalog: catalog, steps: steps)
    }
}
