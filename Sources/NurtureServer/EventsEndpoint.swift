import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NurtureApp
import NurtureCore
import NurtureImport

/// `POST /events`: one event (a JSON object, or a form post) or a batch (a JSON array), with the fields of
/// the events import (`email`, `type`, `at` — optional, now —, `content`, any other field a property) and,
/// to upsert the contact, its columns (`first_name`, `company` …) beside them or as a `contact` object
/// (custom columns too). Checked whole before anything is stored; stored in one transaction; an event
/// already stored is not stored again. New events wake the send loop for their contacts.
struct EventsEndpoint: Sendable {
    let store: any EventIntake
    let authentication: RequestAuthentication
    let settings: ServerSettings
    let wakeup: SendLoopWakeup
    let statistics: SendLoopStatistics
    let clock: @Sendable () -> Date
    let logger: Logger

    func handle(_ request: Request) async -> Response {
        do {
            return try await accept(request)
        } catch {
            return error.response
        }
    }

    private func accept(_ request: Request) async throws(APIError) -> Response {
        let body = try await collect(request)
        var items: [Item]
        let fromPublicForm: Bool
        if let form = try publicForm(request, body: body) {
            items = [form]
            fromPublicForm = true
        } else {
            try authentication.check(request.headers, body: body, now: clock())
            items = try parse(body, contentType: request.headers[.contentType])
            fromPublicForm = false
        }
        guard !items.isEmpty else { throw APIError(.badRequest, "no events in the request") }
        guard items.count <= settings.maximumBatch else {
            throw APIError(.contentTooLarge, "\(items.count) events in one request; at most \(settings.maximumBatch)")
        }
        let key = try idempotencyKey(request.headers)
        var contacts: [ContactRecord] = []
        var events: [EventRecord] = []
        let batch = items.count > 1
        for (index, item) in items.enumerated() {
            let (contact, event) = try record(item, index: batch ? index : nil)
            if let contact { contacts.append(contact) }
            events.append(event)
        }
        let result: IntakeResult
        do {
            result = try store.intake(contacts: contacts, events: events, newContactsOnly: fromPublicForm, idempotencyKey: key)
        } catch {
            logger.error("intake failed, nothing stored: \(error)")
            throw APIError(.internalServerError, "the events could not be stored; nothing was stored")
        }
        statistics.eventsStored(result.newEvents)
        if !result.contactsWithNewEvents.isEmpty { wakeup.wake(contacts: result.contactsWithNewEvents) }
        let types = Set(events.map(\.event.type.rawValue)).sorted().joined(separator: ", ")
        let who = result.contactsWithNewEvents.count == 1 ? result.contactsWithNewEvents.first!.value : "\(result.contactsWithNewEvents.count) contacts"
        if result.replayed {
            logger.info("intake: a request with an idempotency key already seen; nothing stored")
        } else {
            logger.notice("intake\(fromPublicForm ? " (public form)" : ""): \(result.newEvents) new event(s) (\(types)) for \(who); \(result.duplicateEvents) already stored")
        }
        if fromPublicForm {
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.thanksPage)))
        }
        return JSONScalar.response(status: .ok, [
            "stored": .integer(result.newEvents), "duplicates": .integer(result.duplicateEvents), "new_contacts": .integer(result.newContacts),
            "replayed": .bool(result.replayed),
        ])
    }

    /// A post from a plain HTML form: form-encoded, no Authorization or signature header, and a `form_key`
    /// field. nil when the request is not one (it is then authenticated as an API call). The key is checked
    /// in constant time; the post may record one conversion and set no stage or score.
    private func publicForm(_ request: Request, body: [UInt8]) throws(APIError) -> Item? {
        guard !settings.formKeys.isEmpty, request.headers[.authorization] == nil, request.headers[RequestAuthentication.signature] == nil,
              request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true,
              var item = try parse(body, contentType: request.headers[.contentType]).first,
              let key = item.fields.removeValue(forKey: "form_key")
        else { return nil }
        guard settings.formKeys.contains(where: { ConstantTime.equal(Array($0.utf8), Array(key.utf8)) }) else {
            throw APIError(.unauthorized, "form_key is not valid", field: "form_key")
        }
        let conversions = Set(EventType.conversions.map(\.rawValue))
        guard let type = item.fields["type"], conversions.contains(type.lowercased()) else {
            throw APIError(.forbidden, "a public form may only record a conversion: \(EventType.conversions.map(\.rawValue).joined(separator: ", "))", field: "type")
        }
        for field in ["stage", "score", "at"] where item.fields[field] != nil {
            throw APIError(.forbidden, "a public form may not set \(field)", field: field)
        }
        return item
    }

    static let thanksPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Thank you</title></head>
        <body><h1>Thank you</h1><p>We have your request; look out for our email.</p></body></html>

        """

    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    /// The request's `Idempotency-Key` (up to 200 printable ASCII characters), or else a signed request's
    /// signature: sent again within 7 days, the same request stores nothing.
    private func idempotencyKey(_ headers: HTTPFields) throws(APIError) -> String? {
        if let key = headers[Self.idempotencyHeader] {
            guard !key.isEmpty, key.utf8.count <= 200, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw APIError(.badRequest, "Idempotency-Key must be 1 to 200 printable ASCII characters", field: "Idempotency-Key")
            }
            return "key:" + key
        }
        return headers[RequestAuthentication.signature].map { "signature:" + $0.lowercased() }
    }

    private func collect(_ request: Request) async throws(APIError) -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: settings.maximumBodyBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "the body is larger than \(settings.maximumBodyBytes) bytes")
        } catch {
            throw APIError(.badRequest, "the body could not be read")
        }
    }

    /// One posted item: its scalar fields, and a `contact` object's fields if it has one.
    struct Item {
        var fields: [String: String]
        var contact: [String: String] = [:]
    }

    private func parse(_ body: [UInt8], contentType: String?) throws(APIError) -> [Item] {
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "application/json":
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: Data(body))
            } catch {
                throw APIError(.badRequest, "malformed JSON")
            }
            switch value {
            case let .object(members):
                return [try item(members, index: nil)]
            case let .array(values):
                return try values.enumerated().map { (index, value) throws(APIError) in
                    guard case let .object(members) = value else {
                        throw APIError(.badRequest, "each event must be a JSON object, found \(value.kindName)", index: index)
                    }
                    return try item(members, index: index)
                }
            default:
                throw APIError(.badRequest, "expected a JSON object or an array of objects, found \(value.kindName)")
            }
        case "application/x-www-form-urlencoded":
            guard let text = String(validating: body, as: UTF8.self) else { throw APIError(.badRequest, "the form is not UTF-8") }
            let fields: [String: String]
            do {
                fields = try URLEncodedFormDecoder().decode([String: String].self, from: text)
            } catch {
                throw APIError(.badRequest, "malformed form body (each field once, name=value joined by &)")
            }
            return [Item(fields: fields)]
        default:
            throw APIError(.unsupportedMediaType, "Content-Type must be application/json or application/x-www-form-urlencoded")
        }
    }

    private func item(_ members: [String: JSONValue], index: Int?) throws(APIError) -> Item {
        var item = Item(fields: [:])
        for (name, value) in members {
            switch value {
            case .null: continue
            case .string, .integer, .number, .bool: item.fields[name] = value.fieldText
            case let .object(contact) where name == "contact":
                for (field, member) in contact {
                    switch member {
                    case .null: continue
                    case .string, .integer, .number, .bool: item.contact[field] = member.fieldText
                    default: throw APIError(.badRequest, "contact.\(field) must be a string or a number, found \(member.kindName)", field: "contact.\(field)", index: index)
                    }
                }
            default:
                throw APIError(.badRequest, "\(name) must be a string or a number, found \(value.kindName)", field: name, index: index)
            }
        }
        return item
    }

    private func record(_ item: Item, index: Int?) throws(APIError) -> (ContactRecord?, EventRecord) {
        var fields = item.fields
        // No field may carry a control character; only free text kept as a property (a form's message) may
        // have lines. The event's own fields and the contact's columns are one line each.
        let lineFields = IntakeFields.contactFields.union(["email", "type", "at", "content"])
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            let bad = lineFields.contains(name) ? value.containsLineBreakOrControl : value.containsControlOtherThanLineBreaks
            if bad || name.containsLineBreakOrControl {
                throw APIError(.badRequest, "\(name.debugSafe) contains a line break or control character", field: name.debugSafe, index: index)
            }
        }
        for (name, value) in item.contact.sorted(by: { $0.key < $1.key }) where value.containsLineBreakOrControl || name.containsLineBreakOrControl {
            throw APIError(.badRequest, "contact.\(name.debugSafe) contains a line break or control character", field: "contact.\(name.debugSafe)", index: index)
        }
        guard let email = fields["email"], !email.isEmpty else { throw APIError(.badRequest, "email is required", field: "email", index: index) }
        guard fields["type"].map({ !$0.isEmpty }) == true else {
            throw APIError(.badRequest, "type is required; one of: \(EventType.knownList)", field: "type", index: index)
        }
        if fields["at"] == nil {
            // Now, to the millisecond (as the store keeps it). Not rounded to the second: a second download
            // within the second of the first one's thank-you would look answered by it.
            let now = Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
            fields["at"] = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        let event: EventRecord
        switch IntakeFields.event(fields, policy: settings.addressPolicy) {
        case let .success(record): event = record
        case let .failure(problem): throw APIError(.badRequest, problem.message, field: problem.field, index: index)
        }
        switch IntakeFields.contact(email: email, fields, custom: item.contact, policy: settings.addressPolicy) {
        case nil: return (nil, event)
        case let .success(contact)?: return (contact, event)
        case let .failure(problem)?: throw APIError(.badRequest, problem.message, field: problem.field, index: index)
        }
    }
}

extension Error {
    /// The response for an error of a handler: its own for an `APIError`, else a plain 500.
    var response: Response {
        (self as? APIError)?.response ?? APIError(.internalServerError, "internal error").response
    }
}
