/// One tag of a template, as `TagScanner` reads it: what kind, which name, on which line.
struct MustacheTag: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case variable          // {{name}}
        case unescaped         // {{{name}}} or {{&name}}
        case section           // {{#name}}
        case inverted          // {{^name}}
        case close             // {{/name}}
        case partial           // {{>name}}
        case dynamicPartial    // {{>*name}}
        case parent            // {{<name}}
        case block             // {{$name}}
        case comment           // {{!…}}
        case pragma            // {{%…}}
        case delimiters        // {{=<% %>=}}
    }

    var kind: Kind
    /// The tag's text after its sigil, trimmed: `capitalized(first_name)`, `partials/footer`.
    var raw: String
    /// 1-based line of the tag's opening delimiter.
    var line: Int
    /// 1-based line of the tag's closing delimiter (tags may span lines); 0 when not known.
    var endLine = 0

    /// The context key the tag looks up: the innermost argument of transforms
    /// (`capitalized(first_name)` → `first_name`), else the raw name.
    var key: String {
        guard let open = raw.lastIndex(of: "(") else { return raw }
        let inner = raw[raw.index(after: open)...]
        return String(inner.prefix { $0 != ")" })
    }

    /// Tags that open a block closed by `{{/name}}`.
    var opensSection: Bool { kind == .section || kind == .inverted || kind == .parent || kind == .block }
}
