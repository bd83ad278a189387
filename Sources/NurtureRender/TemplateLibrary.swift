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
    /// Whether emails may be filled in from skeletons: no template file holds the placeholders' characters.
    /// (Tests turn it off to compare with swift-mustache rendering every email.)
    var rendersSkeletons: Bool
    /// Skeletons of the emails, by context shape (`RenderSkeleton`). (Tests give one a small capacity.)
    var skeletons = SkeletonCache()

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

        let parts = renderParts(email, input)
        func output(_ part: TemplatePart, _ source: TemplateSource) throws(RenderError) -> RenderedPart {
            let rendered = parts[part]!
            if let key = rendered.missing.first { throw .missingVariable(key: key, template: source.file) }
            return rendered
        }

        let renderedSubject = try output(.subject, subjectSource)
        if let shown = renderedSubject.shown.first(where: { $0.value.containsLineBreakOrControl }) {
            throw .unsafeHeaderValue(field: shown.key, template: subjectSource.file)
        }
        let subject = Self.trimmed(renderedSubject.text)
        if subject.containsLineBreakOrControl {
            throw .unsafeHeaderValue(field: "subject", template: subjectSource.file)
        }
        if subject.isEmpty { throw .emptySubject(template: subjectSource.file) }

        let text = try output(.text, textSource).text
        let html = try email.parts[.html].map { source throws(RenderError) in
            let rendered = try output(.html, source)
            if let refused = URLAttributeCheck.firstRefused(in: rendered.text) {
                // Name the value that put it there, when one did.
                let written = URLAttributeCheck.unescaped(refused.value)
                let field = rendered.shown.first { !$0.value.isEmpty && written.contains($0.value) }
                    .map { "'\($0.key)'" } ?? "the template text"
                throw .unsafeURL(field: field, attribute: refused.attribute, template: source.file)
            }
            return rendered.text
        }
        return RenderedEmail(subject: subject, text: text, html: html)
    }

    /// Every part of `email` for `input`, as swift-mustache renders it: filled in from the skeleton of
    /// the context's shape when there is one (`SkeletonCache`), else rendered, and the skeleton made.
    private func renderParts(_ email: EmailTemplate, _ input: RenderInput) -> [TemplatePart: RenderedPart] {
        let keys = contextKeys[email.name] ?? .all
        func direct() -> [TemplatePart: RenderedPart] {
            let recorder = RenderRecorder()
            let context = input.context(recorder: recorder, keys: keys)
            return email.parts.mapValues { render($0, context, recorder) }
        }
        guard rendersSkeletons else { return direct() }
        let capture = ContextCapture(.shape)
        _ = input.context(recorder: RenderRecorder(), keys: keys, capture: capture)
        guard !capture.hasLineBreak else { return direct() }

        switch skeletons.entry(template: email.name, shape: capture.shape) {
        case let .skeleton(skeleton)?:
            return skeleton.parts.mapValues { RenderedPart($0, texts: capture.texts) }
        case .direct?:
            return direct()
        case nil:
            let rendered = direct()
            guard skeletons.hasRoom else { return rendered }
            let made = skeleton(email, input, keys: keys, capture: capture)
            let matches = made.map { made in
                made.parts.count == rendered.count
                    && rendered.allSatisfy { part, output in made.parts[part].map { RenderedPart($0, texts: capture.texts) == output } ?? false }
            } ?? false
            skeletons.store(matches ? .skeleton(made!) : .direct, template: email.name, shape: capture.shape)
            return rendered
        }
    }

    /// Every part of `email` rendered from a context of `capture`'s shape with placeholders for its texts;
    /// nil when one cannot be filled in.
    private func skeleton(_ email: EmailTemplate, _ input: RenderInput, keys: ContextKeys, capture: ContextCapture) -> SkeletonCache.Email? {
        let recorder = RenderRecorder()
        recorder.rendersPlaceholders = true
        let placeholders = ContextCapture(.placeholders)
        let context = input.context(recorder: recorder, keys: keys, capture: placeholders)
        guard placeholders.shape == capture.shape, placeholders.texts.count == capture.texts.count else { return nil }
        var parts: [TemplatePart: RenderSkeleton] = [:]
        for (part, source) in email.parts {
            let output = render(source, context, recorder)
            guard !recorder.transformedPlaceholder,
                  let skeleton = RenderSkeleton(output: output.text, recorder: recorder, slotCount: capture.texts.count)
            else { return nil }
            parts[part] = skeleton
        }
        return SkeletonCache.Email(parts: parts)
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`: the scalars of that set trimmed from both
    /// ends, found by looking at the ends only (Foundation's trim costs about 30,000 instructions, and a
    /// subject template's file ends with a line break, so every subject has one to trim).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let set = CharacterSet.whitespacesAndNewlines
        guard let first = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !set.contains($0) })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// `source` rendered by swift-mustache, with what `recorder` noted.
    private func render(_ source: TemplateSource, _ context: ContextObject, _ recorder: RenderRecorder) -> RenderedPart {
        recorder.reset()
        let library = mustache[source.flavor]
        let output = source.templates.count == 1
            ? source.template.render(context, library: library)
            : source.templates.map { $0.render(context, library: library) }.joined()
        return RenderedPart(text: output, shown: recorder.shown, missing: recorder.missing)
    }
}
