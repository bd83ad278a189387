import Foundation
import NurtureCore
import NurtureRender
import NurtureTestSupport

/// A realistic campaign of the sample sender, contacts and items, and helpers for template directories.
enum RenderFixtures {
    /// The shipped `templates/` folder of the package.
    static let shippedTemplates: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    static let now = TestTime.at("2026-11-20T09:00:00Z")

    static let sender = Sender(
        name: "Northwind Analytics",
        email: try! EmailAddress("hello@northwind-analytics.example", policy: .reservedDomainsAllowed),
        postalAddress: "Torstraße 140, 10119 Berlin, Germany")

    static let ebook = CatalogItem(
        id: "churn-ebook", title: "The Churn Playbook", url: "https://northwind-analytics.example/d/churn-playbook",
        kind: .ebook, topics: ["churn", "product analytics"],
        summary: "Five retention dashboards and the questions each one answers.")
    static let guide = CatalogItem(
        id: "cohort-guide", title: "Cohort Analysis in Practice", url: "https://northwind-analytics.example/d/cohorts",
        kind: .guide, topics: ["churn", "cohorts"])
    static let webinar = CatalogItem(
        id: "retention-live", title: "Retention Dashboards, Live", url: "https://northwind-analytics.example/webinars/retention",
        kind: .webinar, topics: ["churn"], startsAt: TestTime.at("2026-12-03T16:00:00Z"),
        summary: "We build a retention dashboard from scratch in 40 minutes.")
    static let caseStudy = CatalogItem(
        id: "acme-case", title: "How Acme Cut Churn by 18%", url: "https://northwind-analytics.example/d/acme",
        kind: .caseStudy, topics: ["churn"])

    static func step(_ kind: StepKind, _ template: String) -> Step { Step(id: template, kind: kind, template: template) }

    static let campaign = Campaign(
        name: "Default nurture", sender: sender, catalog: [ebook, guide, webinar, caseStudy],
        steps: [
            step(.thankYou, "thank-you"), step(.relatedContent, "related-content"),
            step(.webinarInvite, "webinar-invite"), step(.demoOffer, "demo-offer"),
        ])

    static func contact(
        firstName: String? = "Ada", company: String? = "Lovelace Labs", jobTitle: String? = "Head of Product",
        timeZone: String? = "Europe/Berlin", stage: Stage = .lead, customFields: [String: String] = [:]
    ) -> Contact {
        Contact(
            id: 1, email: try! EmailAddress("ada@lovelace-labs.example", policy: .reservedDomainsAllowed), firstName: firstName, lastName: "Lovelace",
            company: company, jobTitle: jobTitle, stage: stage, interests: ["churn", "product analytics"],
            timeZone: timeZone, score: 42, customFields: customFields)
    }

    static let downloaded = ContactEvent(type: .contentDownloaded, at: TestTime.at("2026-11-19T14:30:00Z"), content: "churn-ebook")

    static func input(
        _ template: String, contact: Contact = contact(), item: CatalogItem? = nil, trigger: ContactEvent? = nil,
        triggerItem: CatalogItem? = nil, previousItem: CatalogItem? = nil, defaultTimeZone: String? = nil
    ) -> RenderInput {
        RenderInput(
            contact: contact, campaign: campaign, step: campaign.step(template) ?? step(.email, template),
            item: item, trigger: trigger, triggerItem: triggerItem, previousItem: previousItem,
            unsubscribeURL: "https://northwind-analytics.example/u/tok123?c=default&x=1", now: now,
            defaultTimeZone: defaultTimeZone)
    }

    /// A fresh directory holding `files` (relative path → contents), removed by the caller.
    static func templateDirectory(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nurture-render-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    /// A minimal valid set: footer partials and one template `t` with the given parts.
    static func library(subject: String, text: String, html: String? = nil, extra: [String: String] = [:]) throws -> (TemplateLibrary, String) {
        var files = [
            "t.subject.mustache": subject,
            "t.text.mustache": text,
        ]
        if let html { files["t.html.mustache"] = html }
        files.merge(extra) { _, new in new }
        let dir = try templateDirectory(files)
        return (try TemplateLibrary(directory: dir), dir)
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }
}
