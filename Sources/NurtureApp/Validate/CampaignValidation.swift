import Foundation
import NurtureCampaign
import NurtureCore
import NurtureRender

/// `nurture validate`: a campaign file's own problems, then its templates': missing templates, syntax
/// errors, variables that no contact field or context provides.
public struct CampaignValidation {
    /// Contact fields every contact can have; custom CSV columns come on top.
    public static let standardContactFields: Set<String> = [
        "email", "first_name", "last_name", "company", "job_title", "stage", "interests", "timezone", "score",
    ]

    public var customFields: Set<String>
    /// What the sender's addresses are checked against.
    public var addressPolicy: EmailAddress.Policy

    public init(customFields: Set<String> = [], addressPolicy: EmailAddress.Policy = .standard) {
        self.customFields = customFields
        self.addressPolicy = addressPolicy
    }

    /// Every problem of the campaign at `path`, as `file:line: message` lines, in file order.
    public func problems(path: String) -> [String] {
        report(path: path).problems
    }

    /// Problems (which fail validation and stop a run) and warnings (which do neither), as
    /// `file:line: message` lines.
    public func report(path: String) -> (problems: [String], warnings: [String]) {
        let (loaded, problems) = CampaignLoader.check(path: path, addressPolicy: addressPolicy)
        guard let loaded else { return (problems.map(\.description), []) }
        let templates = templateReport(loaded)
        return (problems.map(\.description) + templates.problems, Self.unsubscribeWarnings(loaded) + templates.warnings)
    }

    /// RFC 8058 one-click unsubscribe needs an HTTPS link; Gmail and Yahoo require it from bulk senders
    /// (since 2024). Without one, messages carry the mailto alone.
    static func unsubscribeWarnings(_ loaded: LoadedCampaign) -> [String] {
        let sender = loaded.campaign.sender
        if let url = sender.unsubscribeURL, url.lowercased().hasPrefix("https://") { return [] }
        let what = sender.unsubscribeURL == nil ? "sender has no unsubscribe_url" : "sender unsubscribe_url is not HTTPS"
        return ["\(loaded.file):\(loaded.senderLine): warning: \(what): messages carry only a mailto List-Unsubscribe, without one-click unsubscribe (RFC 8058), which Gmail and Yahoo require of bulk senders; set an https:// unsubscribe_url that `nurture serve` answers (see the README)"]
    }

    /// Refuses a campaign whose templates have problems: a run must not send what `validate` rejects.
    /// `templates`: the campaign's template library when the caller has loaded it already.
    public func requireSendable(_ loaded: LoadedCampaign, templates: TemplateLibrary? = nil) throws {
        let problems = templateProblems(loaded, templates: templates)
        guard let first = problems.first else { return }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more; run `nurture validate`)" : ""
        throw NurtureError("the campaign's templates have problems, so nothing is sent: \(first)\(more)")
    }

    public func templateProblems(_ loaded: LoadedCampaign, templates: TemplateLibrary? = nil) -> [String] {
        templateReport(loaded, templates: templates).problems
    }

    /// The templates' problems and warnings, from one load of the template directory (or `templates`,
    /// the library the caller loaded from it).
    private func templateReport(_ loaded: LoadedCampaign, templates: TemplateLibrary? = nil) -> (problems: [String], warnings: [String]) {
        let library: TemplateLibrary
        // A library the caller loaded came from a directory that exists: no second look at the disk.
        guard templates != nil || FileManager.default.fileExists(atPath: loaded.templatesDirectory) else {
            return (["\(loaded.file):\(loaded.templatesLine): no templates directory \(loaded.templatesDirectory)"], [])
        }
        do {
            library = try templates ?? TemplateLibrary(directory: loaded.templatesDirectory)
        } catch {
            return (["\(error)"], [])
        }
        var out: [String] = []
        let names = Set(library.templateNames())
        for step in loaded.campaign.steps where !names.contains(step.template) {
            let line = loaded.templateLines[step.id] ?? loaded.stepLines[step.id] ?? 1
            out.append("\(loaded.file):\(line): step '\(step.id)': no template '\(step.template)' in \(loaded.templatesDirectory)")
        }
        let fields = Self.standardContactFields.union(customFields)
        out += library.problems(knownContactFields: fields).map(\.description)
        return (out, library.warnings(knownContactFields: fields).map(\.description))
    }
}
