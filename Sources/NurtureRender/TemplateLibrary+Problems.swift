extension TemplateLibrary {
    /// What `nurture validate` reports: variables that neither a contact field (`knownContactFields`:
    /// the contacts file's columns) nor the render context provides, email templates without a subject
    /// or text part, values output unescaped into HTML, bodies without the unsubscribe link or postal
    /// address, files the tag reader could not follow. Sorted by file and line.
    public func problems(knownContactFields: Set<String>) -> [TemplateProblem] {
        let root = ContextSchema.root(customFields: knownContactFields)
        var problems: Set<TemplateProblem> = []
        let sources = emails.values.flatMap { $0.parts.values } + partials.values.flatMap(\.values)
        for source in sources {
            if let failure = source.scanFailure {
                problems.insert(TemplateProblem(file: source.file, line: failure.line, message: "cannot check this file: \(failure.message)"))
            }
            problems.formUnion(Self.unknownNames(in: source, root: root))
        }
        for email in emails.values {
            problems.formUnion(partProblems(email))
            if let html = email.parts[.html] {
                problems.formUnion(Self.unescapedHTMLProblems(in: html, partials: partials[.html] ?? [:]))
            }
        }
        return problems.sorted()
    }

    /// What `nurture validate` warns about without failing: a contact field (`knownContactFields`) written
    /// inside a URL attribute of an HTML template or partial. Each message checks such a value as it renders
    /// and skips the contact when it is not an http, https or mailto URL; the warning says so before a run.
    public func warnings(knownContactFields: Set<String>) -> [TemplateProblem] {
        var warnings: [TemplateProblem] = []
        let sources = emails.values.compactMap { $0.parts[.html] } + (partials[.html] ?? [:]).values
        for source in sources {
            for shown in source.urlAttributeTags where shown.tag.kind == .variable || shown.tag.kind == .unescaped {
                let key = shown.tag.key
                let first = String(key.prefix { $0 != "." })
                guard key == "." || knownContactFields.contains(first) || knownContactFields.contains(key) else { continue }
                let what = key == "." ? "the current list value ({{.}})" : "contact field '\(key)'"
                warnings.append(TemplateProblem(
                    file: source.file, line: shown.tag.line,
                    message: "warning: \(what) is put into a \(shown.attribute) attribute: a contact whose value is not an http, https or mailto URL is skipped with the reason; prefer a catalog or sender link"))
            }
        }
        return warnings.sorted()
    }

    private func partProblems(_ email: EmailTemplate) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        guard let anyPart = TemplatePart.allCases.lazy.compactMap({ email.parts[$0] }).first else { return [] }
        for part in [TemplatePart.subject, .text] where email.parts[part] == nil {
            problems.append(TemplateProblem(
                file: anyPart.file, line: 1,
                message: "template '\(email.name)' has no \(part.rawValue) part: add \(directory)/\(email.name).\(part.rawValue).mustache"))
        }
        for part in [TemplatePart.text, .html] {
            guard let source = email.parts[part] else { continue }
            let names = shownNames(source)
            if !names.contains("unsubscribe_url") {
                problems.append(TemplateProblem(
                    file: source.file, line: 1,
                    message: "the \(part.rawValue) part never shows {{unsubscribe_url}} (directly or through a partial)"))
            }
            if !names.contains("sender.postal_address") && !names.contains("postal_address") {
                problems.append(TemplateProblem(
                    file: source.file, line: 1,
                    message: "the \(part.rawValue) part never shows {{sender.postal_address}} (directly or through a partial)"))
            }
        }
        return problems
    }

    /// Keys shown by `{{…}}` tags of a source and every partial it reaches.
    private func shownNames(_ source: TemplateSource) -> Set<String> {
        let flavorPartials = partials[source.flavor] ?? [:]
        var names: Set<String> = []
        var pending = [source]
        var visited: Set<String> = [source.file]
        while let current = pending.popLast() {
            for tag in current.tags {
                switch tag.kind {
                case .variable, .unescaped: names.insert(tag.key)
                case .partial, .parent:
                    if let partial = flavorPartials[tag.raw], visited.insert(partial.file).inserted { pending.append(partial) }
                default: break
                }
            }
        }
        return names
    }

    /// Names that resolve nowhere. Inside `{{#item}}…{{/item}}` a name may be one of the item's fields.
    static func unknownNames(in source: TemplateSource, root: [String: ContextShape]) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        var scopes: [ContextShape?] = []
        for tag in source.tags {
            switch tag.kind {
            case .variable, .unescaped, .section, .inverted:
                let shape = resolve(tag.key, scopes: scopes, root: root)
                if shape == nil {
                    problems.append(TemplateProblem(
                        file: source.file, line: tag.line,
                        message: "unknown variable '\(tag.key)': no contact field or context value has this name"))
                }
                if tag.kind == .section { scopes.append(shape) }
                if tag.kind == .inverted { scopes.append(nil) }
            case .parent, .block:
                scopes.append(nil)
            case .close:
                _ = scopes.popLast()
            case .dynamicPartial:
                problems.append(TemplateProblem(
                    file: source.file, line: tag.line, message: "dynamic partials ({{>*\(tag.raw)}}) are not supported: name the partial"))
            case .partial, .comment, .pragma, .delimiters:
                break
            }
        }
        return problems
    }

    /// The shape a name resolves to, Mustache-style: the first part in the innermost enclosing object
    /// that has it, else the root; the rest through fields. `.` is the current value.
    static func resolve(_ name: String, scopes: [ContextShape?], root: [String: ContextShape]) -> ContextShape? {
        if name == "." { return scopes.last.flatMap { $0 } ?? .value }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty || name.hasPrefix(".") else { return nil }
        var shape: ContextShape?
        if name.hasPrefix(".") {
            shape = (scopes.last.flatMap { $0 })?.fields?[parts[1]]
            return walk(shape, Array(parts.dropFirst(2)))
        }
        for scope in scopes.reversed() {
            if let found = scope?.fields?[first] { shape = found; break }
        }
        if shape == nil { shape = root[first] }
        return walk(shape, Array(parts.dropFirst()))
    }

    private static func walk(_ shape: ContextShape?, _ rest: [String]) -> ContextShape? {
        var shape = shape
        for part in rest { shape = shape?.fields?[part] }
        return shape
    }

    /// `{{{x}}}`, `{{&x}}` and pragmas in an HTML part or the HTML partials it reaches: each would put a
    /// value into HTML unescaped. `render` refuses such a template.
    static func unescapedHTMLProblems(in source: TemplateSource, partials: [String: TemplateSource]) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        var pending = [source]
        var visited: Set<String> = [source.file]
        while let current = pending.popLast() {
            for tag in current.tags {
                switch tag.kind {
                case .unescaped:
                    problems.append(TemplateProblem(
                        file: current.file, line: tag.line,
                        message: "'\(tag.raw)' is output unescaped into HTML; use {{\(tag.raw)}} so that contact data is escaped"))
                case .pragma:
                    problems.append(TemplateProblem(
                        file: current.file, line: tag.line,
                        message: "pragma {{%\(tag.raw)}} in an HTML template could turn off escaping; remove it"))
                case .partial, .parent:
                    if let partial = partials[tag.raw], visited.insert(partial.file).inserted { pending.append(partial) }
                default: break
                }
            }
        }
        return problems.sorted()
    }
}
