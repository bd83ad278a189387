import Foundation
import Mustache
import NurtureCore

/// The email templates of a `templates/` directory, parsed once by swift-mustache and rendered for
/// one contact at a time. Layout (file names, variables, rules): templates/README.md.
public struct TemplateLibrary: Sendable {
    /// The directory as given, without a trailing slash, for messages.
    let directory: String
    let emails: [String: EmailTemplate]
    let partials: [TemplateFlavor: [String: TemplateSource]]
    let mustache: [TemplateFlavor: MustacheLibrary]
    /// Per email template, the first reason its HTML cannot be rendered safely.
    let unsafe: [String: TemplateProblem]
    /// Per email template, the names its parts and partials look up: rendering builds only these.
    let contextKeys: [String: ContextKeys]

    /// Email template names, sorted: `demo-offer`, `related-content`, `thank-you` …
    public func templateNames() -> [String] { emails.keys.sorted() }

    /// Why no email can be rendered from the template `name` whatever the contact (it is missing, lacks its
    /// subject or text part, or its HTML is unsafe), or nil when it can be.
    public func unusableReason(template name: String) -> String? {
        guard let email = emails[name] else { return "\(RenderError.unknownTemplate(name)) in \(directory)" }
        if email.parts[.subject] == nil { return RenderError.missingPart(template: name, part: "subject").description }
        if email.parts[.text] == nil { return RenderError.missingPart(template: name, part: "text").description }
        return unsafe[name].map(\.description)
    }

    /// Renders the template `name` for `input`: subject (one trimmed line), text, and HTML if the
    /// template has an HTML part.
    public func render(template name: String, _ input: RenderInput) throws(RenderError) -> RenderedEmail {
        guard let email = emails[name] else { throw .unknownTemplate(name) }
        guard let subjectSource = email.parts[.subject] else { throw .missingPart(template: name, part: "subject") }
        guard let textSource = email.parts[.text] else { throw .missingPart(template: name, part: "text") }
        if let problem = unsafe[name] { throw .unsafeTemplate(problem: problem.description) }

        let recorder = RenderRecorder()
        let context = input.context(recorder: recorder, keys: contextKeys[name] ?? .all)

        let rawSubject = try render(subjectSource, context, recorder)
        if let shown = recorder.shown.first(where: { $0.value.containsLineBreakOrControl }) {
            throw .unsafeHeaderValue(field: shown.key, template: subjectSource.file)
        }
        let subject = Self.trimmed(rawSubject)
        if subject.containsLineBreakOrControl {
            throw .unsafeHeaderValue(field: "subject", template: subjectSource.file)
        }
        if subject.isEmpty { throw .emptySubject(template: subjectSource.file) }

        let text = try render(textSource, context, recorder)
        let html = try email.parts[.html].map { source throws(RenderError) in
            let output = try render(source, context, recorder)
            if let refused = URLAttributeCheck.firstRefused(in: output) {
                // Name the value that put it there, when one did.
                let written = URLAttributeCheck.unescaped(refused.value)
                let field = recorder.shown.first { !$0.value.isEmpty && written.contains($0.value) }
                    .map { "'\($0.key)'" } ?? "the template text"
                throw .unsafeURL(field: field, attribute: refused.attribute, template: source.file)
            }
            return output
        }
        return RenderedEmail(subject: subject, text: text, html: html)
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`, which trims scalars of that set from both ends;
    /// the text itself when neither end is one (Foundation's trim copies and scans even then).
    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let set = CharacterSet.whitespacesAndNewlines
        guard let first = scalars.first, let last = scalars.last, !set.contains(first) && !set.contains(last) else {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return text
    }

    private func render(_ source: TemplateSource, _ context: ContextObject, _ recorder: RenderRecorder) throws(RenderError) -> String {
        recorder.reset()
        let library = mustache[source.flavor]
        let output = source.templates.count == 1
            ? source.template.render(context, library: library)
            : source.templates.map { $0.render(context, library: library) }.joined()
        if let key = recorder.missing.first { throw .missingVariable(key: key, template: source.file) }
        return output
    }
}
