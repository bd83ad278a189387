import Foundation

/// The shipped example files read independently of the tool (a minimal CSV reader: quoted fields,
/// no line breaks inside them, which the examples do not have), so tests derive their expectations
/// from the data instead of from the tool's output.
struct ExampleData {
    struct Contact {
        var email: String
        var stage: String
    }

    struct Event {
        var at: Date
        var email: String
        var type: String
        var content: String?
    }

    var contacts: [Contact] = []
    var events: [Event] = []

    /// Conversions that trigger a thank-you (campaigns/README.md).
    static let conversions: Set<String> = ["form_submitted", "content_downloaded", "newsletter_signup", "webinar_registered"]
    /// Events after which nobody is emailed by the nurture again (the campaign's `exit.events`).
    static let exitEvents: Set<String> = ["email_replied", "demo_requested", "purchased", "unsubscribed", "bounced", "complained"]

    static func load() throws -> ExampleData {
        var data = ExampleData()
        let contactRows = try rows(Workspace.contactsCSV)
        let contactHeader = contactRows[0]
        guard let email = contactHeader.firstIndex(of: "email"), let stage = contactHeader.firstIndex(of: "stage") else {
            throw CLI.Failure(description: "contacts.csv has no email/stage column")
        }
        data.contacts = contactRows.dropFirst().map { Contact(email: $0[email], stage: $0[stage]) }

        let eventRows = try rows(Workspace.eventsCSV)
        let eventHeader = eventRows[0]
        guard let at = eventHeader.firstIndex(of: "at"), let email2 = eventHeader.firstIndex(of: "email"),
              let type = eventHeader.firstIndex(of: "type"), let content = eventHeader.firstIndex(of: "content") else {
            throw CLI.Failure(description: "events.csv lacks a column")
        }
        data.events = try eventRows.dropFirst().map { row in
            guard let date = ISO8601DateFormatter().date(from: row[at]) else { throw CLI.Failure(description: "bad time \(row[at])") }
            return Event(at: date, email: row[email2], type: row[type], content: row[content].isEmpty ? nil : row[content])
        }
        return data
    }

    static func rows(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { !$0.isEmpty }.map { split(String($0)) }
    }

    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var previousQuote = false
        for character in line {
            if quoted {
                if character == "\"" { quoted = false; previousQuote = true } else { field.append(character) }
            } else if character == "\"" {
                if previousQuote { field.append("\"") }
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
                previousQuote = false
            } else {
                field.append(character)
                previousQuote = false
            }
        }
        fields.append(field)
        return fields
    }

    func events(of email: String, before now: Date) -> [Event] {
        events.filter { $0.email == email && $0.at <= now }
    }

    func stage(of email: String) -> String? { contacts.first { $0.email == email }?.stage }

    /// A stage's rung on the default ladder (-1 for none): qualified stages only move up from the file's.
    static func rank(_ stage: String?) -> Int {
        stage.flatMap { ["subscriber", "lead", "mql", "prospect", "customer"].firstIndex(of: $0) } ?? -1
    }

    /// Contacts with an exit event (reply, demo request, purchase, unsubscribe, bounce, complaint) by `now`.
    func exited(before now: Date) -> Set<String> {
        Set(events.filter { $0.at <= now && Self.exitEvents.contains($0.type) }.map(\.email))
    }

    /// Contacts with a conversion in the 7 days up to `now`.
    func converted(within days: Double, before now: Date) -> Set<String> {
        Set(events.filter { Self.conversions.contains($0.type) && $0.at <= now && $0.at > now.addingTimeInterval(-days * 86_400) }.map(\.email))
    }
}

extension Date {
    static func iso(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad ISO time \(text)") }
        return date
    }
}
