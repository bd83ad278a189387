import Foundation
import NurtureCore

/// The fields of one posted event (`nurture serve`'s `POST /events`, as JSON members or form fields),
/// checked exactly as the events and contacts imports check their rows.
public enum IntakeFields {
    /// Contact columns a post may carry beside the event's own fields, to upsert the contact.
    public static let contactFields: Set<String> = ContactRowParser.knownColumns.subtracting(["email"])

    /// The event the fields describe: `email`, `type`, `at` (ISO 8601 with an offset), `content`, and any
    /// other field not a contact column as a property.
    public static func event(_ fields: [String: String], policy: EmailAddress.Policy) -> Result<EventRecord, IntakeFieldError> {
        let own = fields.filter { !contactFields.contains($0.key) }
        return EventRowParser.parse(own, addressPolicy: policy).mapError { reason in
            IntakeFieldError(field: Self.field(of: reason.text, among: ["email", "type", "at", "content"]), message: reason.text)
        }
    }

    /// The contact fields among `fields` (with `email`), as a contacts import row; nil when there are none.
    /// `custom` fields go into the contact's custom columns.
    public static func contact(email: String, _ fields: [String: String], custom: [String: String] = [:], policy: EmailAddress.Policy) -> Result<ContactRecord, IntakeFieldError>? {
        var given = fields.filter { contactFields.contains($0.key) }
        for (name, value) in custom where !name.isEmpty && name != "email" { given[name] = value }
        guard !given.isEmpty else { return nil }
        var names = ["email"]
        var cells = [email]
        for (name, value) in given.sorted(by: { $0.key < $1.key }) {
            names.append(name.lowercased())
            cells.append(value)
        }
        let header: CSVHeader
        do {
            header = try CSVHeader(fields: names, path: "request", line: 1)
        } catch {
            return .failure(IntakeFieldError(field: "contact", message: error.message))
        }
        var parser = ContactRowParser(header: header, addressPolicy: policy)
        switch parser.parse(cells) {
        case let .success(record):
            return .success(record)
        case let .failure(reason):
            // Which field: the first that fails alone.
            for (name, value) in given.sorted(by: { $0.key < $1.key }) {
                let single = try? CSVHeader(fields: ["email", name.lowercased()], path: "request", line: 1)
                var alone = single.map { ContactRowParser(header: $0, addressPolicy: policy) }
                if case .failure? = alone?.parse([email, value]) {
                    return .failure(IntakeFieldError(field: name, message: reason.text))
                }
            }
            return .failure(IntakeFieldError(field: "email", message: reason.text))
        }
    }

    private static func field(of message: String, among names: [String]) -> String {
        for name in names where message.hasPrefix(name + " ") || message.hasPrefix(name + "'") { return name }
        if message.hasPrefix("unknown event type") { return "type" }
        return "email"
    }
}

/// A posted field that cannot be taken, and why.
public struct IntakeFieldError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
