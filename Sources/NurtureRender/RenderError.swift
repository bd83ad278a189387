/// Why one email could not be rendered. Rendering refuses rather than send a broken email.
public enum RenderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template shows `{{key}}` outside any `{{#key}}`/`{{^key}}` guard and the contact has no value.
    case missingVariable(key: String, template: String)
    /// A value (or the template text itself, `field: "subject"`) would put a line break or control
    /// character into the subject header.
    case unsafeHeaderValue(field: String, template: String)
    /// The subject is empty once rendered and trimmed.
    case emptySubject(template: String)
    /// No template of that name in the library.
    case unknownTemplate(String)
    /// The template lacks a required part (`subject` or `text`).
    case missingPart(template: String, part: String)
    /// The template outputs a value unescaped into HTML (`{{{x}}}`, `{{&x}}`) or otherwise cannot be
    /// rendered safely; `problem` is the `file:line: message` text.
    case unsafeTemplate(problem: String)
    /// A URL attribute of the HTML would hold a scheme other than http, https or mailto (`javascript:` …),
    /// from `field` (a value of the contact's, or "the template text").
    case unsafeURL(field: String, attribute: String, template: String)

    public var description: String {
        switch self {
        case let .missingVariable(key, template):
            return "\(template): '\(key)' has no value for this contact and the template has no fallback "
                + "(guard it: {{#\(key)}}…{{/\(key)}}{{^\(key)}}…{{/\(key)}})"
        case let .unsafeHeaderValue(field, template):
            return "\(template): the subject would contain a line break or control character "
                + (field == "subject" ? "from the template text" : "from '\(field)'") + "; refused"
        case let .emptySubject(template):
            return "\(template): the subject is empty"
        case let .unknownTemplate(name):
            return "no template named '\(name)'"
        case let .missingPart(template, part):
            return "template '\(template)' has no \(part) part (\(template).\(part).mustache)"
        case let .unsafeTemplate(problem):
            return problem
        case let .unsafeURL(field, attribute, template):
            return "\(template): \(attribute) would hold a URL that is not http, https or mailto (from \(field)); refused"
        }
    }
}
