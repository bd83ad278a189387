import Mustache

/// One loaded template file: the parsed template, and its tags for validation.
struct TemplateSource: Sendable {
    /// As shown in messages: the directory as given plus the relative path.
    var file: String
    var flavor: TemplateFlavor
    /// The file as one template (partials, and short emails) or as pieces rendered one after the other
    /// (see `TemplateSegments`).
    var templates: [MustacheTemplate]
    /// The whole file as one template: partials are never cut.
    var template: MustacheTemplate { templates[0] }
    var tags: [MustacheTag]
    /// Set when `TagScanner` could not read a file that swift-mustache accepted.
    var scanFailure: TagScanner.Failure?
    /// HTML only: the tags written inside URL attributes (`href="{{…}}"`).
    var urlAttributeTags: [URLAttributeTag] = []
    /// Whether the file holds U+E000 or U+E001, which stand in for texts in skeletons (`RenderPlaceholder`).
    var holdsPlaceholderCharacters = false
}

/// The parts of one email template. Subject and text are required, HTML is optional.
struct EmailTemplate: Sendable {
    var name: String
    var parts: [TemplatePart: TemplateSource] = [:]
}
