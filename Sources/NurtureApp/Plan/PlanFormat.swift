/// How `nurture plan` prints: an aligned table for people, or JSON Lines for programs.
public enum PlanFormat: String, CaseIterable, Sendable {
    case text
    case json
}
