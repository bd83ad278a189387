import Foundation
import Hummingbird
import HummingbirdTesting
import NurtureApp
import NurtureCore
import NurtureTestSupport
import NurtureStore
import Synchronization
import Testing
import HTTPTypes

/// `POST /events` over real HTTP into a real SQLite file: what is stored, and the bad-input suite: every
/// refusal gets its status and a JSON error naming the field, and stores nothing.
struct EventsEndpointTests {
    static let download = #"{"email":"ann@acme.example","type":"content_downloaded","content":"ebook-modern-data-stack","at":"2026-11-23T08:00:00Z","first_name":"Ann","company":"Acme"}"#

    struct Answer {
        var status: HTTPResponse.Status
        var json: [String: Any]
    }

    func post(_ fixture: ServerFixture, _ body: String, headers: HTTPFields = ServerFixture.jsonHeaders) async throws -> Answer {
        try await fixture.application().test(.live) { client in
            try await client.execute(uri: "/events", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                let data = Data(response.body.readableBytesView)
                let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
                return Answer(status: response.status, json: json)
            }
        }
    }

    @Test func anEventIsStoredOnceHoweverOftenItIsPosted() async throws {
        let fixture = try ServerFixture()
        let first = try await post(fixture, Self.download)
        #expect(first.status == .ok)
        #expect(first.json["stored"] as? Int == 1 && first.json["new_contacts"] as? Int == 1)
        let again = try await post(fixture, Self.download)
        #expect(again.status == .ok)
        #expect(again.json["stored"] as? Int == 0 && again.json["duplicates"] as? Int == 1)
        #expect(try fixture.eventCount() == 1)
        let contact = try require(try fixture.store.contact(email: Fixtures.address("ann@acme.example")))
        #expect(contact.firstName == "Ann" && contact.company == "Acme")
        // The contact fields went to the contact, not into the event's properties.
        var events: [ContactEvent] = []
        try fixture.store.forEachHistoryBatch(campaign: "lead-nurture", only: nil, batchSize: 10) { events += $0.flatMap(\.events) }
        #expect(events.first?.properties == [:])
        #expect(fixture.statistics.snapshot.eventsReceived == 1)
    }

    @Test func aRequestSentAgainWithItsIdempotencyKeyStoresNothing() async throws {
        let fixture = try ServerFixture()
        let body = #"{"email":"ann@acme.example","type":"form_submitted"}"#
        var headers = ServerFixture.jsonHeaders
        headers[HTTPField.Name("Idempotency-Key")!] = "form-7f3a-2026-11-23"
        let first = try await post(fixture, body, headers: headers)
        #expect(first.status == .ok && first.json["stored"] as? Int == 1 && first.json["replayed"] as? Bool == false)
        let again = try await post(fixture, body, headers: headers)
        #expect(again.status == .ok && again.json["stored"] as? Int == 0 && again.json["replayed"] as? Bool == true, "\(again.json)")
        headers[HTTPField.Name("Idempotency-Key")!] = "has a space"
        let bad = try await post(fixture, body, headers: headers)
        #expect(bad.status == .badRequest && bad.json["field"] as? String == "Idempotency-Key")
        #expect(try fixture.eventCount() == 1)
    }

    @Test func aSignedRequestSentTwiceInsideTheWindowIsStoredOnce() async throws {
        let fixture = try ServerFixture()
        let body = #"{"email":"ann@acme.example","type":"form_submitted"}"#
        let headers = ServerFixture.signed(body)
        #expect(try await post(fixture, body, headers: headers).json["stored"] as? Int == 1)
        let replay = try await post(fixture, body, headers: headers)
        #expect(replay.status == .ok && replay.json["replayed"] as? Bool == true, "\(replay.json)")
    }

    @Test func idempotencyKeysAreForgottenAfterSevenDays() throws {
        let folder = try TemporaryFolder(prefix: "nurture-intake-keys")
        let clock = SteppedClock(Fixtures.now)
        let store = try SQLiteStore(path: folder.path("store.sqlite"), now: { clock.now })
        let event = EventRecord(email: Fixtures.address("ann@acme.example"), event: ContactEvent(type: .formSubmitted, at: Fixtures.now))
        let later = EventRecord(email: Fixtures.address("ann@acme.example"), event: ContactEvent(type: .formSubmitted, at: Fixtures.now.addingTimeInterval(60)))
        #expect(try store.intake(contacts: [], events: [event], newContactsOnly: false, idempotencyKey: "k").newEvents == 1)
        clock.advance(by: 6 * 86_400)
        #expect(try store.intake(contacts: [], events: [later], newContactsOnly: false, idempotencyKey: "k").replayed)
        clock.advance(by: 2 * 86_400)
        #expect(try store.intake(contacts: [], events: [later], newContactsOnly: false, idempotencyKey: "k").newEvents == 1)
    }

    @Test func aPlainHTMLFormPostIsTaken() async throws {
        let fixture = try ServerFixture()
        let answer = try await post(fixture, "email=bo%40acme.example&type=form_submitted&first_name=Bo&job_title=VP+Data&page=pricing", headers: ServerFixture.formHeaders)
        #expect(answer.status == .ok, "\(answer.json)")
        let contact = try require(try fixture.store.contact(email: Fixtures.address("bo@acme.example")))
        #expect(contact.jobTitle == "VP Data")
        var events: [ContactEvent] = []
        try fixture.store.forEachHistoryBatch(campaign: "lead-nurture", only: nil, batchSize: 10) { events += $0.flatMap(\.events) }
        // No `at`: the server's clock, to the second; other fields are properties.
        #expect(events.map(\.type) == [.formSubmitted])
        #expect(events.first?.at == ServerFixture.now && events.first?.properties == ["page": "pricing"])
    }

    @Test func aPublicFormWithItsKeyMayRecordAConversionAndNothingMore() async throws {
        let fixture = try ServerFixture(formKeys: [ServerFixture.formKey])
        let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        let key = "form_key=\(ServerFixture.formKey)"
        let taken = try await fixture.application().test(.live) { client in
            try await client.execute(uri: "/events", method: .post, headers: form,
                                     body: ByteBuffer(string: "\(key)&email=cy%40acme.example&type=webinar_registered&content=webinar-pipelines")) { response in
                (response.status, response.headers[.contentType] ?? "", String(buffer: response.body))
            }
        }
        #expect(taken.0 == .ok && taken.1.hasPrefix("text/html") && taken.2.contains("Thank you"), "\(taken)")
        var events: [ContactEvent] = []
        try fixture.store.forEachHistoryBatch(campaign: "lead-nurture", only: nil, batchSize: 10) { events += $0.flatMap(\.events) }
        #expect(events.map(\.type) == [.webinarRegistered] && events.first?.properties == [:], "the key is not stored")

        for (body, status, field) in [
            ("form_key=wrong&email=cy%40acme.example&type=form_submitted", HTTPResponse.Status.unauthorized, "form_key"),
            ("\(key)&email=cy%40acme.example&type=demo_requested", .forbidden, "type"),
            ("\(key)&email=cy%40acme.example&type=form_submitted&stage=prospect", .forbidden, "stage"),
            ("\(key)&email=cy%40acme.example&type=form_submitted&score=99", .forbidden, "score"),
            ("\(key)&email=cy%40acme.example&type=form_submitted&at=2020-01-01T00%3A00%3A00Z", .forbidden, "at"),
        ] {
            let answer = try await post(fixture, body, headers: form)
            #expect(answer.status == status && answer.json["field"] as? String == field, "\(body): \(answer.json)")
        }
        // Anyone can fill in a public form with anyone's address: it never changes a stored contact.
        _ = try await post(fixture, "\(key)&email=cy%40acme.example&type=form_submitted&first_name=Mallory&timezone=Pacific%2FKiritimati", headers: form)
        let cy = try require(try fixture.store.contact(email: Fixtures.address("cy@acme.example")))
        #expect(cy.firstName == nil && cy.timeZone == nil, "\(cy)")
        // The key is not an API token: JSON with a form_key member is an API call without authentication.
        let json = try await post(fixture, #"{"form_key":"\#(ServerFixture.formKey)","email":"cy@acme.example","type":"form_submitted"}"#,
                                  headers: [.contentType: "application/json"])
        #expect(json.status == .unauthorized)
        #expect(try fixture.eventCount() == 2)
    }

    @Test func aFormsMessageMayHaveLinesButNoOtherControlCharacter() async throws {
        let fixture = try ServerFixture()
        let message = "email=di%40acme.example&type=form_submitted&message=Hello%2C%0D%0Awe+need+a+demo."
        let answer = try await post(fixture, message, headers: ServerFixture.formHeaders)
        #expect(answer.status == .ok, "\(answer.json)")
        var events: [ContactEvent] = []
        try fixture.store.forEachHistoryBatch(campaign: "lead-nurture", only: nil, batchSize: 10) { events += $0.flatMap(\.events) }
        #expect(events.first?.properties["message"] == "Hello,\r\nwe need a demo.")
        let escape = try await post(fixture, "email=di%40acme.example&type=form_submitted&message=a%1B%5B31mb", headers: ServerFixture.formHeaders)
        #expect(escape.status == .badRequest && escape.json["field"] as? String == "message")
    }

    @Test func aBatchWithOneBadEventStoresNothing() async throws {
        let fixture = try ServerFixture()
        let body = #"[{"email":"a@acme.example","type":"form_submitted"},{"email":"b@acme.example","type":"telepathy"}]"#
        let answer = try await post(fixture, body)
        #expect(answer.status == .badRequest)
        #expect(answer.json["field"] as? String == "type" && answer.json["index"] as? Int == 1, "\(answer.json)")
        #expect((answer.json["error"] as? String)?.contains("telepathy") == true)
        #expect(try fixture.eventCount() == 0 && fixture.store.contactCount() == 0)
    }

    /// Each bad request, its status, and the field its error names.
    static let badInput: [(name: String, body: String, contentType: String, status: HTTPResponse.Status, field: String?)] = [
        ("broken JSON", #"{"email": "a@acme.example", "type": "#, "application/json", .badRequest, nil),
        ("a JSON string", #""hello""#, "application/json", .badRequest, nil),
        ("an empty batch", "[]", "application/json", .badRequest, nil),
        ("missing email", #"{"type":"form_submitted"}"#, "application/json", .badRequest, "email"),
        ("missing type", #"{"email":"a@acme.example"}"#, "application/json", .badRequest, "type"),
        ("unknown type", #"{"email":"a@acme.example","type":"lead_magnet"}"#, "application/json", .badRequest, "type"),
        ("type of the wrong kind", #"{"email":"a@acme.example","type":["form_submitted"]}"#, "application/json", .badRequest, "type"),
        ("a property that is an object", #"{"email":"a@acme.example","type":"form_submitted","utm":{"a":1}}"#, "application/json", .badRequest, "utm"),
        ("at without an offset", #"{"email":"a@acme.example","type":"form_submitted","at":"2026-11-23T08:00:00"}"#, "application/json", .badRequest, "at"),
        ("a bad address", #"{"email":"not an address","type":"form_submitted"}"#, "application/json", .badRequest, "email"),
        ("CR LF in a contact field", #"{"email":"a@acme.example","type":"form_submitted","first_name":"Ann\r\nBcc: x@evil.example"}"#, "application/json", .badRequest, "first_name"),
        ("NUL in content", #"{"email":"a@acme.example","type":"content_downloaded","content":"ebook\u0000"}"#, "application/json", .badRequest, "content"),
        ("U+2028 in a property", "{\"email\":\"a@acme.example\",\"type\":\"form_submitted\",\"page\":\"a\u{2028}b\"}", "application/json", .badRequest, "page"),
        ("LF in a form field", "email=a%40acme.example&type=form_submitted&company=Acme%0ABcc", "application/x-www-form-urlencoded", .badRequest, "company"),
        ("a score that is not a number", #"{"email":"a@acme.example","type":"form_submitted","score":"high"}"#, "application/json", .badRequest, "score"),
        ("a wrong content type", "email=a@acme.example", "text/plain", .unsupportedMediaType, nil),
        ("no content type", "{}", "", .unsupportedMediaType, nil),
    ]

    @Test(arguments: 0..<badInput.count)
    func badInputIsRefusedAndNothingIsStored(_ index: Int) async throws {
        let case_ = Self.badInput[index]
        let fixture = try ServerFixture()
        var headers: HTTPFields = [.authorization: "Bearer \(ServerFixture.token)"]
        if !case_.contentType.isEmpty { headers[.contentType] = case_.contentType }
        let answer = try await post(fixture, case_.body, headers: headers)
        #expect(answer.status == case_.status, "\(case_.name): \(answer.json)")
        #expect(answer.json["error"] is String, "\(case_.name): a JSON error")
        if let field = case_.field { #expect(answer.json["field"] as? String == field, "\(case_.name): \(answer.json)") }
        #expect(try fixture.eventCount() == 0 && fixture.store.contactCount() == 0, "\(case_.name)")
    }

    /// Random bytes as JSON and as a form, 200 times: always a 4xx, never a crash, and the server still answers.
    @Test func garbageNeverCrashesTheServer() async throws {
        let fixture = try ServerFixture()
        try await fixture.application().test(.live) { client in
            var generator = SystemRandomNumberGenerator()
            for round in 0..<200 {
                let length = Int.random(in: 0...512, using: &generator)
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                // Some rounds start like JSON or a form, to get past the first byte.
                if round % 3 == 0 { bytes = Array(#"{"email":"a@acme.example","type":"#.utf8) + bytes }
                let type = round % 2 == 0 ? "application/json" : "application/x-www-form-urlencoded"
                try await client.execute(uri: "/events", method: .post, headers: [.contentType: type, .authorization: "Bearer \(ServerFixture.token)"],
                                         body: ByteBuffer(bytes: bytes)) { response in
                    #expect((400..<500).contains(response.status.code), "round \(round): \(response.status)")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
        }
        #expect(try fixture.eventCount() == 0)
    }

    @Test func anOversizedBodyGets413() async throws {
        let fixture = try ServerFixture(maximumBodyBytes: 2048)
        let padding = String(repeating: "x", count: 4096)
        let answer = try await post(fixture, #"{"email":"a@acme.example","type":"form_submitted","note":"\#(padding)"}"#)
        #expect(answer.status == .contentTooLarge)
        #expect(try fixture.store.contactCount() == 0)
    }

    @Test func tooManyEventsInOneBatchGet413() async throws {
        let fixture = try ServerFixture()
        let one = #"{"email":"a@acme.example","type":"form_submitted"}"#
        let answer = try await post(fixture, "[" + Array(repeating: one, count: 51).joined(separator: ",") + "]")
        #expect(answer.status == .contentTooLarge)
        #expect(try fixture.eventCount() == 0)
    }

    @Test func withoutTheRightTokenNothingIsStored() async throws {
        let fixture = try ServerFixture()
        let none = try await post(fixture, Self.download, headers: [.contentType: "application/json"])
        #expect(none.status == .unauthorized)
        let wrong = try await post(fixture, Self.download, headers: [.contentType: "application/json", .authorization: "Bearer not-the-token"])
        #expect(wrong.status == .unauthorized && wrong.json["field"] as? String == "Authorization")
        let basic = try await post(fixture, Self.download, headers: [.contentType: "application/json", .authorization: "Basic dXNlcjpwYXNz"])
        #expect(basic.status == .unauthorized)
        #expect(try fixture.eventCount() == 0)
    }

    @Test func aSignedRequestIsTakenAndATamperedOrReplayedOneIsNot() async throws {
        let fixture = try ServerFixture()
        let good = try await post(fixture, Self.download, headers: ServerFixture.signed(Self.download))
        #expect(good.status == .ok, "\(good.json)")
        // The body changed after signing.
        let tampered = Self.download.replacingOccurrences(of: "Acme", with: "Evil")
        let changed = try await post(fixture, tampered, headers: ServerFixture.signed(Self.download))
        #expect(changed.status == .unauthorized && changed.json["field"] as? String == "X-Nurture-Signature")
        // Signed with another key.
        let otherKey = try await post(fixture, tampered, headers: ServerFixture.signed(tampered, key: "some-other-key-0123456789"))
        #expect(otherKey.status == .unauthorized)
        // A captured request replayed ten minutes later: outside the window, refused before anything is read.
        let old = try await post(fixture, tampered, headers: ServerFixture.signed(tampered, at: ServerFixture.now.addingTimeInterval(-600)))
        #expect(old.status == .unauthorized && old.json["field"] as? String == "X-Nurture-Timestamp")
        #expect(try fixture.eventCount() == 1)
        #expect(try fixture.store.contact(email: Fixtures.address("ann@acme.example"))?.company == "Acme")
    }

    @Test func withoutAConfiguredTokenIntakeIsOff() async throws {
        let fixture = try ServerFixture(apiTokens: [])
        let answer = try await post(fixture, Self.download)
        #expect(answer.status == .serviceUnavailable)
        #expect((answer.json["error"] as? String)?.contains("NURTURE_API_TOKEN") == true)
    }

    @Test func healthAndMetrics() async throws {
        let fixture = try ServerFixture()
        _ = try await post(fixture, Self.download)
        try await fixture.application().test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"ok""#))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE nurture_messages_total counter"))
                #expect(text.contains("nurture_events_received_total 1"))
                #expect(text.contains(#"nurture_messages_total{outcome="sent"} 0"#))
                #expect(text.contains("nurture_queue_depth"))
                #expect(text.contains("nurture_send_rate_messages_per_second"))
            }
        }
    }
}

/// A clock a test moves by hand.
final class SteppedClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
