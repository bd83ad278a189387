/// The parts of an email template, each a file `<name>.<part>.mustache`.
enum TemplatePart: String, CaseIterable, Hashable, Sendable {
    case subject
    case text
    case html

    var flavor: TemplateFlavor { self == .html ? .html : .text }
}

/// How a template's values are escaped. Text templates (subjects, plain-text bodies, `.text` partials)
/// are parsed with swift-mustache's `{{% CONTENT_TYPE: TEXT}}` pragma in front, so values stay literal;
/// HTML templates use swift-mustache's default HTML escaping. Each flavor has its own partials, so a
/// `{{> footer}}` in an HTML body can only ever reach `partials/footer.html.mustache`.
enum TemplateFlavor: String, Hashable, Sendable {
    case text
    case html

    /// Put in front of a text template's source. No newline, so line numbers stay the file's own.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"
}
