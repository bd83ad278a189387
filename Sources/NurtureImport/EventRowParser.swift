import Foundation
import NurtureCore

/// Turns the fields of an events row (CSV or JSON Lines) into an `EventRecord`, or the reason it
/// cannot be one. `email`, `type` and `at` are required, `content` optional; every other field with
/// a value goes into the event's `properties`.
enum EventRowParser {
    static let knownFields: Set<String> = ["email", "type", "at", "content"]

    static func parse(_ fields: [String: String], addressPolicy: EmailAddress.Policy) -> Result<EventRecord, RejectionReason> {
        Result { () throws(RejectionReason) in try record(fields, addressPolicy: addressPolicy) }
    }

    private static func record(_ fields: [String: String], addressPolicy: EmailAddress.Policy) throws(RejectionReason) -> EventRecord {
        func value(_ name: String) -> String? {
            guard let raw = fields[name]?.trimmingASCIIWhitespace(), !raw.isEmpty else { return nil }
            return raw
        }
        let email: EmailAddress
        do {
            email = try EmailAddress(value("email") ?? "", policy: addressPolicy)
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
        for (name, raw) in fields.sorted(by: { $0.key < $1.key }) where !knownFields.contains(name) && !name.isEmpty {
            let trimmed = raw.trimmingASCIIWhitespace()
            // Free text (a form's message) may have lines; no other control character (a NUL would cut the
            // stored text), and the name is one plain line.
            if trimmed.containsControlOtherThanLineBreaks || name.containsLineBreakOrControl {
                throw RejectionReason("\(name.debugSafe) contains a control character: '\(trimmed.debugSafe)'")
            }
            if !trimmed.isEmpty { properties[name] = trimmed }
        }
        return EventRecord(email: email, event: ContactEvent(type: type, at: at, content: content, properties: properties))
    }
}
