/// The parts of an email template, each a file `<name>.<part>.mustache`.
enum TemplatePart: String, CaseIterable, Hashable, Sendable {
    case subject
    case text
    case html

    var flavor: TemplateFlavor { self == .html ? .html : .text }
}

/// How a template's values are escaped. Text templates (subjects, plain-text bodies, `.text` partials)
/// are parsed with swift-mustache's `{{% CONTENT_TYPE: TEXT}}` pragma in front, so values stay literal;
/// HTML templates with `{{% CONTENT_TYPE: NURTURE_HTML}}`, swift-mustache's HTML escaping done faster
/// (`HTMLEscapedContentType`). Each flavor has its own partials, so a `{{> footer}}` in an HTML body can
/// only ever reach `partials/footer.html.mustache`.
enum TemplateFlavor: String, Hashable, Sendable {
    case text
    case html

    /// Put in front of a text template's source, on a line of its own (a standalone tag, so it leaves
    /// no trace in the output and the first real line keeps its standalone tags); parser line numbers
    /// are therefore one higher than the file's.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    /// Put in front of an HTML template's source, as `textPragma` is.
    static let htmlPragma = "{{% CONTENT_TYPE: \(HTMLEscapedContentType.name)}}\n"

    /// What is put in front of the file.
    var pragma: String { self == .text ? Self.textPragma : Self.htmlPragma }

    /// Lines `pragma` adds in front of the file.
    var addedLines: Int { 1 }
}
