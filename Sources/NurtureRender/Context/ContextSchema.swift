import NurtureCore

/// The names a template can use, as a tree: what `problems(knownContactFields:)` checks against and
/// what `RenderInput+Context` builds (a test keeps the two in step). See templates/README.md.
indirect enum ContextShape: Hashable, Sendable {
    case value
    case list
    case object([String: ContextShape])

    var fields: [String: ContextShape]? {
        if case let .object(fields) = self { return fields }
        return nil
    }
}

enum ContextSchema {
    /// The contact's own fields, by the names of the contacts CSV header.
    static let contactFields: [String: ContextShape] = [
        "email": .value, "first_name": .value, "last_name": .value, "company": .value, "job_title": .value,
        "stage": .value, "interests": .list, "timezone": .value, "score": .value,
    ]

    static let catalogItem: [String: ContextShape] = [
        "id": .value, "title": .value, "url": .value, "kind": .value, "summary": .value, "topics": .list,
        "starts_at": .value, "starts_at_iso": .value,
    ]

    /// `is_<type>` for every event type: set (to "yes") only for the trigger's own type, so templates branch
    /// with `{{#trigger.is_form_submitted}}…{{/trigger.is_form_submitted}}`.
    static let trigger: [String: ContextShape] = [
        "type": .value, "action": .value, "at": .value, "item": .object(catalogItem), "join_url": .value,
    ].merging(EventType.allCases.map { ("is_\($0.rawValue)", ContextShape.value) }) { built, _ in built }

    static let sender: [String: ContextShape] = [
        "name": .value, "email": .value, "reply_to": .value, "postal_address": .value, "booking_url": .value,
    ]

    static let campaign: [String: ContextShape] = ["name": .value]
    static let step: [String: ContextShape] = ["id": .value, "kind": .value]

    /// Everything but the contact: items, trigger, sender, links, dates.
    static let context: [String: ContextShape] = [
        "item": .object(catalogItem), "previous_item": .object(catalogItem), "trigger": .object(trigger),
        "sender": .object(sender), "campaign": .object(campaign), "step": .object(step),
        "unsubscribe_url": .value, "year": .value,
    ]

    /// The root for a set of custom CSV columns. Built-in names win over a column of the same name.
    static func root(customFields: some Sequence<String>) -> [String: ContextShape] {
        var root = context.merging(contactFields) { built, _ in built }
        for column in customFields {
            for key in keys(forCustomField: column) where root[key] == nil { root[key] = .value }
        }
        return root
    }

    /// A custom column is reachable by its exact header name and, when that is not a plain Mustache
    /// name, by an alias: lower-cased, every run of other characters as `_` ("Lead Source" → `lead_source`).
    static func keys(forCustomField column: String) -> [String] {
        let alias = alias(of: column)
        return alias == column || alias.isEmpty ? [column] : [column, alias]
    }

    static func alias(of column: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for scalar in column.lowercased().unicodeScalars {
            let isNameChar = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
            if isNameChar {
                if pendingUnderscore, !out.isEmpty { out += "_" }
                pendingUnderscore = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }
}
