extension TemplateLibrary {
    /// The names the parts of `email` and every partial they reach look up (see `ContextKeys`).
    static func contextKeys(of email: EmailTemplate, partials: [TemplateFlavor: [String: TemplateSource]]) -> ContextKeys {
        var sources: [TemplateSource] = []
        for part in TemplatePart.allCases {
            guard let source = email.parts[part] else { continue }
            let flavorPartials = partials[source.flavor] ?? [:]
            var pending = [source]
            var visited: Set<String> = [source.file]
            while let current = pending.popLast() {
                sources.append(current)
                for tag in current.tags where tag.kind == .partial || tag.kind == .parent {
                    if let partial = flavorPartials[tag.raw], visited.insert(partial.file).inserted { pending.append(partial) }
                }
            }
        }
        return ContextKeys(tagsOf: sources)
    }
}
