import Foundation
import NurtureCore

/// Turns the fields of an events row (CSV or JSON Lines) into an `EventRecord`, or the reason it
/// cannot be one. `email`, `type` and `at` are required, `content` optional; every other field with
/// a value goes into the event's `properties`.
enum EventRowParser {
    static let knownFields: Set<String> = ["email", "type", "at", "content"]

    static func parse(_ fields: [String: String], addressPolicy: EmailAddress.Policy) -> Result<EventRecord, RejectionReason> {
        var addresses = RecentAddress(policy: addressPolicy)
        return parse(fields, addresses: &addresses)
    }

    /// `addresses`: the file's previous address, reused when this row has the same.
    static func parse(_ fields: [String: String], addresses: inout RecentAddress) -> Result<EventRecord, RejectionReason> {
        Result { () throws(RejectionReason) in try record(fields, addresses: &addresses) }
    }

    private static func record(_ fields: [String: String], addresses: inout RecentAddress) throws(RejectionReason) -> EventRecord {
        func value(_ name: String) -> String? {
            guard let raw = fields[name]?.trimmingASCIIWhitespace(), !raw.isEmpty else { return nil }
            return raw
        }
        let email: EmailAddress
        do {
            email = try addresses.address(value("email") ?? "")
        } catch {
            throw RejectionReason(error.description)
        }
        guard let typeName = value("type") else {
            throw RejectionReason("type is empty; expected one of: \(EventType.knownList)")
        }
        guard let type = EventType(rawValue: typeName.lowercased()) else {
            throw RejectionReason("unknown event type '\(typeName.debugSafe)'; expected one of: \(EventType.knownList)")
        }
        guard let atText = value("at") else {
            throw RejectionReason("at is empty; expected an ISO 8601 time with an offset, such as 2026-03-01T09:30:00Z")
        }
        let at: Date
        switch ISO8601Timestamp.parse(atText) {
        case let .success(date): at = date
        case .failure(.noOffset):
            throw RejectionReason("at '\(atText.debugSafe)' has no time zone offset; add Z or an offset such as +01:00")
        case .failure(.invalid):
            throw RejectionReason(
                "at '\(atText.debugSafe)' is not an ISO 8601 time such as 2026-03-01T09:30:00Z or 2026-03-01T10:30:00+01:00")
        }
        let content = value("content")
        if let content, content.containsLineBreakOrControl {
            throw RejectionReason("content contains a line break or control character: '\(content.debugSafe)'")
        }
        var properties: [String: String] = [:]
        for (name, raw) in fields where !knownFields.contains(name) && !name.isEmpty {
            let trimmed = raw.trimmingASCIIWhitespace()
            guard isAcceptable(property: name, value: trimmed) else {
                throw firstRefusedProperty(fields) ?? refusal(property: name, value: trimmed)
            }
            if !trimmed.isEmpty { properties[name] = trimmed }
        }
        return EventRecord(email: email, event: ContactEvent(type: type, at: at, content: content, properties: properties))
    }

    /// Free text (a form's message) may have lines; no other control character (a NUL would cut the stored
    /// text), and the name is one plain line.
    private static func isAcceptable(property name: String, value: String) -> Bool {
        !value.containsControlOtherThanLineBreaks && !name.containsLineBreakOrControl
    }

    /// The refusal of the first property, in name order, that is not acceptable.
    private static func firstRefusedProperty(_ fields: [String: String]) -> RejectionReason? {
        for (name, raw) in fields.sorted(by: { $0.key < $1.key }) where !knownFields.contains(name) && !name.isEmpty {
            let trimmed = raw.trimmingASCIIWhitespace()
            if !isAcceptable(property: name, value: trimmed) { return refusal(property: name, value: trimmed) }
        }
        return nil
    }

    private static func refusal(property name: String, value: String) -> RejectionReason {
        RejectionReason("\(name.debugSafe) contains a control character: '\(value.debugSafe)'")
    }
}
