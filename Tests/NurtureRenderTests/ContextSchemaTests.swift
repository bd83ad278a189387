import Mustache
@testable import NurtureRender
import Testing

/// The schema `problems` checks against and the context `render` builds must name the same things.
@Suite struct ContextSchemaTests {
    @Test func everySchemaNameExistsInABuiltContext() throws {
        var triggerEvent = RenderFixtures.downloaded
        triggerEvent.properties["join_url"] = "https://events.example.com/join/abc"
        let input = RenderFixtures.input(
            "t", contact: RenderFixtures.contact(customFields: ["Lead Source": "G2"]), item: RenderFixtures.webinar,
            trigger: triggerEvent, triggerItem: RenderFixtures.webinar, previousItem: RenderFixtures.webinar)
        let recorder = RenderRecorder()
        let root = input.context(recorder: recorder)
        func check(_ fields: [String: ContextShape], _ object: ContextObject, _ prefix: String) {
            for (name, shape) in fields {
                let child = object.child(named: name)
                switch shape {
                case .value:
                    #expect((child as? ContextValue)?.isPresent == true, "\(prefix)\(name)")
                case .list:
                    #expect((child as? ContextList).map { !$0.elements.isEmpty } == true, "\(prefix)\(name)")
                case let .object(inner):
                    guard let nested = child as? ContextObject else {
                        Issue.record("\(prefix)\(name) is not an object")
                        continue
                    }
                    check(inner, nested, "\(prefix)\(name).")
                }
            }
        }
        var schema = ContextSchema.root(customFields: ["Lead Source"])
        // The fixture's sender has no reply-to and no booking link.
        schema["sender"] = .object(ContextSchema.sender.filter { $0.key != "reply_to" && $0.key != "booking_url" })
        // Of the trigger's is_<type> flags only the trigger's own is set (the others exist, empty).
        let flags = ContextSchema.trigger.keys.filter { $0.hasPrefix("is_") }
        schema["trigger"] = .object(ContextSchema.trigger.filter { !$0.key.hasPrefix("is_") || $0.key == "is_content_downloaded" })
        check(schema, root, "")
        let trigger = try #require(root.child(named: "trigger") as? ContextObject)
        for flag in flags {
            let value = try #require(trigger.child(named: flag) as? ContextValue, "\(flag)")
            #expect(value.isPresent == (flag == "is_content_downloaded"), "\(flag)")
        }
        #expect(recorder.missing.isEmpty)
    }

    @Test func aliases() {
        #expect(ContextSchema.alias(of: "Lead Source") == "lead_source")
        #expect(ContextSchema.alias(of: "  ARR (USD) ") == "arr_usd")
        #expect(ContextSchema.keys(forCustomField: "industry") == ["industry"])
    }
}
