/// The output formats of `nurture suppression list`.
public enum SuppressionListFormat: String, CaseIterable, Sendable {
    case text
    case csv
    case json
}
