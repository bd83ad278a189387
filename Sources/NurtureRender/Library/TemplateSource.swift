import Mustache

/// One loaded template file: the parsed template, and its tags for validation.
struct TemplateSource: Sendable {
    /// As shown in messages: the directory as given plus the relative path.
    var file: String
    var flavor: TemplateFlavor
    var template: MustacheTemplate
    var tags: [MustacheTag]
    /// Set when `TagScanner` could not read a file that swift-mustache accepted.
    var scanFailure: TagScanner.Failure?
    /// HTML only: the tags written inside URL attributes (`href="{{…}}"`).
    var urlAttributeTags: [URLAttributeTag] = []
}

/// The parts of one email template. Subject and text are required, HTML is optional.
struct EmailTemplate: Sendable {
    var name: String
    var parts: [TemplatePart: TemplateSource] = [:]
}
