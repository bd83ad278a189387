import Foundation
import Mustache

extension TemplateLibrary {
    /// Loads and parses every template under `directory`:
    /// `<name>.subject.mustache`, `<name>.text.mustache`, `<name>.html.mustache` at the top level, and
    /// `partials/<name>.text.mustache` / `partials/<name>.html.mustache`. Other files are ignored.
    /// Throws the first syntax error, unknown partial or partial cycle, as `file:line: message`.
    public init(directory: String) throws(TemplateError) {
        var base = directory
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        let fileManager = FileManager()
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(file: base, line: nil, message: "no such template directory")
        }
        guard let paths = try? fileManager.subpathsOfDirectory(atPath: base) else {
            throw TemplateError(file: base, line: nil, message: "cannot list the template directory")
        }

        var emails: [String: EmailTemplate] = [:]
        var partials: [TemplateFlavor: [String: TemplateSource]] = [.text: [:], .html: [:]]
        for path in paths.sorted() where path.hasSuffix(".mustache") {
            let file = "\(base)/\(path)"
            let components = path.split(separator: "/").map(String.init)
            let stem = String(path.dropLast(".mustache".count))
            guard let dot = stem.lastIndex(of: "."), dot != stem.startIndex else {
                throw TemplateError(file: file, line: nil, message: Self.namingHelp)
            }
            let name = String(stem[..<dot])
            let suffix = String(stem[stem.index(after: dot)...])
            if components.count == 1 {
                guard let part = TemplatePart(rawValue: suffix) else {
                    throw TemplateError(file: file, line: nil, message: Self.namingHelp)
                }
                let source = try Self.load(file: file, flavor: part.flavor, fileManager: fileManager)
                emails[name, default: EmailTemplate(name: name)].parts[part] = source
            } else if components.first == "partials" {
                guard let flavor = TemplateFlavor(rawValue: suffix) else {
                    throw TemplateError(file: file, line: nil, message: "a partial is named partials/<name>.text.mustache or partials/<name>.html.mustache")
                }
                let partialName = String(name.dropFirst("partials/".count))
                partials[flavor, default: [:]][partialName] = try Self.load(file: file, flavor: flavor, isPartial: true, fileManager: fileManager)
            } else {
                throw TemplateError(file: file, line: nil, message: "templates live at the top level of \(base) or under \(base)/partials/")
            }
        }

        let all = emails.values.flatMap { $0.parts.values } + partials.values.flatMap(\.values)
        for source in all.sorted(by: { $0.file < $1.file }) {
            try Self.checkPartialReferences(source, partials: partials[source.flavor] ?? [:])
        }
        try Self.checkPartialCycles(partials)

        self.directory = base
        self.emails = emails
        self.partials = partials
        self.mustache = partials.mapValues { MustacheLibrary(templates: $0.mapValues(\.template)) }
        self.contextKeys = emails.mapValues { Self.contextKeys(of: $0, partials: partials) }
        self.rendersSkeletons = !all.contains(where: \.holdsPlaceholderCharacters)
        self.unsafe = emails.compactMapValues { email in
            email.parts[.html].flatMap { Self.unescapedHTMLProblems(in: $0, partials: partials[.html] ?? [:]).first }
        }
    }

    /// The largest template file accepted: 128 KiB. Gmail clips a message over about 100 KB, so a bigger
    /// template is a mistake; and swift-mustache's parser takes time that grows with the number of tags
    /// times the length of the file (each delimiter check measures the rest of the file), so the limit
    /// also bounds how long loading can take.
    public static let maximumTemplateBytes = 128 * 1024

    static let namingHelp = "a template file is named <name>.subject.mustache, <name>.text.mustache or <name>.html.mustache"

    static func load(file: String, flavor: TemplateFlavor, isPartial: Bool = false, fileManager: FileManager) throws(TemplateError) -> TemplateSource {
        guard let data = fileManager.contents(atPath: file) else {
            throw TemplateError(file: file, line: nil, message: "cannot read the file")
        }
        guard data.count <= maximumTemplateBytes else {
            throw TemplateError(
                file: file, line: nil,
                message: "the template is \((data.count + 1023) / 1024) KiB; a template file may be at most \(maximumTemplateBytes / 1024) KiB (mail clients clip messages over about 100 KB)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TemplateError(file: file, line: nil, message: "the file is not UTF-8")
        }
        let scanned: Result<[MustacheTag], TagScanner.Failure> = Result { () throws(TagScanner.Failure) in try TagScanner.scan(text) }
        // Emails are parsed in pieces (linear time); partials whole (swift-mustache includes them by name).
        let pieces: [(text: Substring, line: Int)]
        if !isPartial, case let .success(tags) = scanned { pieces = TemplateSegments.split(text, tags: tags) } else { pieces = [(text[...], 1)] }
        var templates: [MustacheTemplate] = []
        HTMLEscapedContentType.registered
        for piece in pieces {
            do {
                templates.append(try MustacheTemplate(string: flavor.pragma + piece.text))
            } catch let error as MustacheTemplate.ParserError {
                throw syntaxError(error, file: file, lineOffset: flavor.addedLines - (piece.line - 1), scanned: scanned)
            } catch {
                throw TemplateError(file: file, line: nil, message: "cannot parse: \(error)")
            }
        }
        var source: TemplateSource
        switch scanned {
        case let .success(tags):
            let inURLs = flavor == .html && !tags.contains { $0.kind == .delimiters } ? URLAttributeTag.find(in: text) : []
            source = TemplateSource(file: file, flavor: flavor, templates: templates, tags: tags, urlAttributeTags: inURLs)
        case let .failure(failure):
            source = TemplateSource(file: file, flavor: flavor, templates: templates, tags: [], scanFailure: failure)
        }
        source.holdsPlaceholderCharacters = RenderPlaceholder.occurs(in: text)
        return source
    }

    /// swift-mustache's error, with its line, and a clearer message where our tag list can tell more
    /// (the name and line of an unclosed section rather than "expected section end" at end of file).
    static func syntaxError(
        _ error: MustacheTemplate.ParserError, file: String, lineOffset: Int, scanned: Result<[MustacheTag], TagScanner.Failure>
    ) -> TemplateError {
        let line = max(1, error.context.lineNumber - lineOffset)
        let tags = try? scanned.get()
        let mismatch = tags.flatMap(TagScanner.sectionMismatch(in:))
        let shown = error.context.line.trimmingASCIIWhitespace()
        switch error.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?, .expectedSectionEnd?:
            if let mismatch { return TemplateError(file: file, line: mismatch.line, message: mismatch.message) }
            return TemplateError(file: file, line: line, message: "section closed by the wrong name or never closed")
        case .unfinishedName?:
            return TemplateError(file: file, line: line, message: "malformed tag (names use letters, digits, '_', '-', '.'): \(shown)")
        case .invalidSetDelimiter?:
            return TemplateError(file: file, line: line, message: "malformed delimiter change: \(shown)")
        case .transformAppliedToInheritanceSection?, .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return TemplateError(file: file, line: line, message: "only {{$block}}…{{/block}} overrides may appear inside {{<parent}}…{{/parent}}")
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            return TemplateError(file: file, line: line, message: "unknown pragma (only {{% CONTENT_TYPE: TEXT}} or HTML): \(shown)")
        case nil:
            if case let .failure(failure) = scanned { return TemplateError(file: file, line: failure.line, message: failure.message) }
            if let mismatch { return TemplateError(file: file, line: mismatch.line, message: mismatch.message) }
            return TemplateError(file: file, line: line, message: "syntax error: \(shown)")
        }
    }

    static func checkPartialReferences(_ source: TemplateSource, partials: [String: TemplateSource]) throws(TemplateError) {
        for tag in source.tags where tag.kind == .partial || tag.kind == .parent {
            if partials[tag.raw] == nil {
                throw TemplateError(
                    file: source.file, line: tag.line,
                    message: "unknown partial '\(tag.raw)' (no partials/\(tag.raw).\(source.flavor.rawValue).mustache)")
            }
        }
    }

    /// A partial that includes itself, directly or not, would recurse forever in swift-mustache.
    static func checkPartialCycles(_ partials: [TemplateFlavor: [String: TemplateSource]]) throws(TemplateError) {
        for (_, sources) in partials.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for name in sources.keys.sorted() {
                var stack: [(name: String, path: [String])] = [(name, [name])]
                var seen: Set<String> = []
                while let (current, path) = stack.popLast() {
                    guard let source = sources[current] else { continue }
                    for tag in source.tags where tag.kind == .partial || tag.kind == .parent {
                        if tag.raw == name {
                            throw TemplateError(
                                file: sources[name]!.file, line: nil,
                                message: "partials include each other in a loop: \((path + [name]).joined(separator: " → "))")
                        }
                        if seen.insert(tag.raw).inserted { stack.append((tag.raw, path + [tag.raw])) }
                    }
                }
            }
        }
    }
}
