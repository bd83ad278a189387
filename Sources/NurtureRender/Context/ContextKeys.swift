/// The names an email template can look up in its render context, found once when the library loads, so
/// that rendering builds only those fields (a lookup can never ask for another).
///
/// swift-mustache splits a tag's name at its dots: the first part is looked up in the enclosing objects
/// up to the root, each later part in the value found. So only first parts reach the root, and any part
/// may be a field of a nested object. Unknown (`all`) when a tag could not be read, a partial is dynamic
/// or the delimiters change: then every field is built.
struct ContextKeys: Hashable, Sendable {
    /// First parts of the names looked up: the root fields asked for; nil for all.
    private let rootNames: NameSet?
    /// Every part of every name looked up: the nested fields asked for; nil for all.
    private let fieldNames: NameSet?
    /// Root names that are no built-in field: the custom columns that may be asked for; nil for all.
    let customNames: NameSet?

    static let all = ContextKeys(rootNames: nil, fieldNames: nil, customNames: nil)

    private init(rootNames: NameSet?, fieldNames: NameSet?, customNames: NameSet?) {
        self.rootNames = rootNames
        self.fieldNames = fieldNames
        self.customNames = customNames
    }

    /// The names the tags of `sources` look up, or `all` when one of them cannot tell.
    init(tagsOf sources: [TemplateSource]) {
        var roots: Set<String> = []
        var fields: Set<String> = []
        for source in sources {
            if source.scanFailure != nil {
                self = .all
                return
            }
            for tag in source.tags {
                switch tag.kind {
                case .variable, .unescaped, .section, .inverted:
                    let parts = tag.key.split(separator: ".")
                    guard let first = parts.first else { continue }
                    roots.insert(String(first))
                    for part in parts { fields.insert(String(part)) }
                case .dynamicPartial, .delimiters:
                    self = .all
                    return
                default:
                    continue
                }
            }
        }
        let builtIn = Set(ContextSchema.context.keys).union(ContextSchema.contactFields.keys)
        self.init(rootNames: NameSet(roots), fieldNames: NameSet(fields), customNames: NameSet(roots.subtracting(builtIn)))
    }

    /// Whether the root field `name` may be looked up.
    func usesRoot(_ name: String) -> Bool { rootNames?.contains(name) ?? true }

    /// Whether a field `name` of a nested object (`item.title`, `trigger.item`) may be looked up.
    func usesField(_ name: String) -> Bool { fieldNames?.contains(name) ?? true }
}
