import Foundation
import NurtureApp
import NurtureCore
import NurtureStore
import Testing

/// `CampaignValidation` and `StoreOpener`, on real files.
struct CampaignValidationTests {
    @Test func theShippedCampaignHasNoProblems() {
        #expect(CampaignValidation(addressPolicy: .reservedDomainsAllowed).problems(path: AppFixture.campaignPath) == [])
    }

    @Test func customColumnsAreKnownVariablesOnlyWhenDeclared() throws {
        let fixture = try AppFixture()
        let templates = fixture.directory.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: AppFixture.templatesPath), to: templates)
        let yaml = try String(contentsOfFile: AppFixture.campaignPath, encoding: .utf8)
            .replacingOccurrences(of: "templates: ../templates\n", with: "templates: templates\n")
            .replacingOccurrences(of: "scoring: ../scoring/", with: "scoring: \(AppFixture.packageRoot.path)/scoring/")
        let campaign = try fixture.write("campaign.yaml", yaml)
        let body = try String(contentsOf: templates.appendingPathComponent("thank-you.text.mustache"), encoding: .utf8)
        try fixture.write("templates/thank-you.text.mustache", body + "{{#industry}}For {{industry}} teams.{{/industry}}\n")

        let problems = CampaignValidation(addressPolicy: .reservedDomainsAllowed).problems(path: campaign)
        #expect(problems.count >= 1)
        #expect(problems.allSatisfy { $0.contains("thank-you.text.mustache:") && $0.contains("industry") }, "\(problems)")
        #expect(CampaignValidation(customFields: ["industry"], addressPolicy: .reservedDomainsAllowed).problems(path: campaign) == [])
    }

    @Test func withoutAnHTTPSUnsubscribeLinkValidateWarnsAtTheSender() throws {
        let fixture = try AppFixture()
        let yaml = try String(contentsOfFile: AppFixture.campaignPath, encoding: .utf8)
            .replacingOccurrences(of: "templates: ../templates\n", with: "templates: \(AppFixture.templatesPath)\n")
            .replacingOccurrences(of: "scoring: ../scoring/", with: "scoring: \(AppFixture.packageRoot.path)/scoring/")
        let senderLine = try #require(yaml.components(separatedBy: "\n").firstIndex { $0.hasPrefix("sender:") }) + 1
        let shipped = try fixture.write("shipped.yaml", yaml)
        #expect(CampaignValidation(addressPolicy: .reservedDomainsAllowed).report(path: shipped).warnings.allSatisfy { !$0.contains("one-click") })
        for (name, text) in [
            ("none.yaml", yaml.replacingOccurrences(of: "  unsubscribe_url: https://northwind-analytics.example/unsubscribe\n", with: "")),
            ("http.yaml", yaml.replacingOccurrences(of: "unsubscribe_url: https://", with: "unsubscribe_url: http://")),
        ] {
            #expect(text != yaml)
            let path = try fixture.write(name, text)
            let (problems, warnings) = CampaignValidation(addressPolicy: .reservedDomainsAllowed).report(path: path)
            #expect(problems == [], "\(name): a warning, not a problem")
            let warning = try #require(warnings.first { $0.contains("one-click") }, "\(name): \(warnings)")
            #expect(warning.hasPrefix("\(path):\(senderLine): warning: ") && warning.contains("Gmail and Yahoo"), "\(warning)")
        }
    }

    @Test func aMissingCampaignFileIsOneProblem() throws {
        let fixture = try AppFixture()
        let problems = CampaignValidation(addressPolicy: .reservedDomainsAllowed).problems(path: fixture.path("missing.yaml"))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("missing.yaml") == true)
    }

    @Test func readOnlyOpeningNeverCreatesAStore() throws {
        let fixture = try AppFixture()
        #expect(throws: NurtureError.self) { try StoreOpener.open(path: fixture.dbPath, create: false) }
        do {
            _ = try StoreOpener.open(path: fixture.dbPath, create: false)
        } catch let error as NurtureError {
            #expect(error.message.contains(fixture.dbPath))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.dbPath))
        let store = try StoreOpener.open(path: fixture.dbPath, create: true)
        #expect(try store.contactCount() == 0)
        #expect(FileManager.default.fileExists(atPath: fixture.dbPath))
        #expect(try StoreOpener.open(path: fixture.dbPath, create: false).contactCount() == 0)
    }
}
