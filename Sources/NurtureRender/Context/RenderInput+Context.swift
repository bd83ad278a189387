import Foundation
import NurtureCore

extension RenderInput {
    /// `trigger.is_<type>` for every event type: the field's name and its full key.
    private static let triggerFlags = EventType.allCases.map { (type: $0, name: "is_\($0.rawValue)", key: "trigger.is_\($0.rawValue)") }

    /// The zone dates are shown in: the contact's, else `defaultTimeZone`, else UTC.
    var displayZone: TimeZone { ZonedDateFormat.zone(contact: contact.timeZone, default: defaultTimeZone) }

    /// The render context (the names of `ContextSchema`), recording into `recorder`: the fields `keys`
    /// names, all of them by default. Every text, list and object goes through `capture`, in an order
    /// fixed by this code and the context's shape (see `ContextCapture`); with `ContextCapture.Mode.shape`
    /// only the capture is made, and the object returned is an empty root.
    func context(recorder: RenderRecorder, keys: ContextKeys = .all, capture: ContextCapture = ContextCapture(.texts)) -> ContextObject {
        let zone = displayZone
        let builds = capture.mode != .shape
        let unbuilt: Any = ()
        func value(_ key: @autoclosure () -> String, _ text: String?) -> Any {
            let text = capture.text(text)
            return builds ? ContextValue(key: key(), text: text, recorder: recorder) : unbuilt
        }
        func list(_ key: @autoclosure () -> String, _ values: [String]) -> Any {
            capture.beginList(count: values.count)
            let texts = values.map { capture.text($0) ?? $0 }
            return builds ? ContextList(key: key(), values: texts, recorder: recorder) : unbuilt
        }
        /// An object's fields are made between `capture.beginObject()` and this.
        func object(_ key: String, display: String, _ fields: [String: Any]) -> Any {
            let shown = capture.display(display)
            capture.endObject()
            return builds ? ContextObject(key: key, fields: fields, display: shown, recorder: recorder) : unbuilt
        }
        /// Adds the field `name` (a root field, or a nested object's) when `keys` says it may be looked up.
        func add(_ fields: inout [String: Any], _ name: String, root: Bool = false, _ make: () -> Any) {
            guard root ? keys.usesRoot(name) : keys.usesField(name) else { return }
            let made = make()
            if builds { fields[name] = made }
        }
        func itemNode(_ key: String, _ item: CatalogItem?) -> Any {
            guard let item else { return value(key, nil) }
            capture.beginObject()
            var fields: [String: Any] = [:]
            add(&fields, "id") { value("\(key).id", item.id) }
            add(&fields, "title") { value("\(key).title", item.title) }
            add(&fields, "url") { value("\(key).url", item.url) }
            add(&fields, "kind") { value("\(key).kind", item.kind.label) }
            add(&fields, "summary") { value("\(key).summary", item.summary) }
            add(&fields, "topics") { list("\(key).topics", item.topics) }
            add(&fields, "starts_at") { value("\(key).starts_at", item.startsAt.map { ZonedDateFormat.dateTime($0, in: zone) }) }
            add(&fields, "starts_at_iso") { value("\(key).starts_at_iso", item.startsAt.map { ZonedDateFormat.iso8601($0, in: zone) }) }
            return object(key, display: item.title, fields)
        }

        var fields: [String: Any] = [:]
        // Custom columns first, so that built-in names overwrite a column of the same name.
        if keys.customNames.map({ !$0.isEmpty }) ?? true {
            for (column, text) in contact.customFields.sorted(by: { $0.key < $1.key }) {
                for key in ContextSchema.keys(forCustomField: column) where keys.customNames?.contains(key) ?? true {
                    capture.name(key)
                    let made = value(key, text)
                    if builds { fields[key] = made }
                }
            }
        }
        add(&fields, "email", root: true) { value("email", contact.email.value) }
        add(&fields, "first_name", root: true) { value("first_name", contact.firstName) }
        add(&fields, "last_name", root: true) { value("last_name", contact.lastName) }
        add(&fields, "company", root: true) { value("company", contact.company) }
        add(&fields, "job_title", root: true) { value("job_title", contact.jobTitle) }
        add(&fields, "stage", root: true) { value("stage", contact.stage?.name) }
        add(&fields, "interests", root: true) { list("interests", contact.interests) }
        add(&fields, "timezone", root: true) { value("timezone", contact.timeZone) }
        add(&fields, "score", root: true) { value("score", contact.score.map(String.init)) }

        let sender = campaign.sender
        add(&fields, "item", root: true) { itemNode("item", item) }
        add(&fields, "previous_item", root: true) { itemNode("previous_item", previousItem) }
        add(&fields, "trigger", root: true) {
            trigger.map { event in
                capture.beginObject()
                var fields: [String: Any] = [:]
                add(&fields, "type") { value("trigger.type", event.type.rawValue) }
                add(&fields, "action") { value("trigger.action", event.type.pastTense) }
                add(&fields, "at") { value("trigger.at", ZonedDateFormat.dateTime(event.at, in: zone)) }
                add(&fields, "item") { itemNode("trigger.item", triggerItem) }
                // A registration's own join link, when the event carries one that is a web URL.
                add(&fields, "join_url") {
                    value("trigger.join_url", event.properties["join_url"].flatMap { WebURL.isValidAndPlain($0) ? $0 : nil })
                }
                for flag in Self.triggerFlags {
                    add(&fields, flag.name) { value(flag.key, flag.type == event.type ? "yes" : nil) }
                }
                return object("trigger", display: event.type.rawValue, fields)
            } ?? value("trigger", nil)
        }
        add(&fields, "sender", root: true) {
            capture.beginObject()
            var fields: [String: Any] = [:]
            add(&fields, "name") { value("sender.name", sender.name) }
            add(&fields, "email") { value("sender.email", sender.email.value) }
            add(&fields, "reply_to") { value("sender.reply_to", sender.replyTo?.value) }
            add(&fields, "postal_address") { value("sender.postal_address", sender.postalAddress) }
            add(&fields, "booking_url") { value("sender.booking_url", sender.bookingURL) }
            return object("sender", display: sender.name, fields)
        }
        add(&fields, "campaign", root: true) {
            capture.beginObject()
            var fields: [String: Any] = [:]
            add(&fields, "name") { value("campaign.name", campaign.name) }
            return object("campaign", display: campaign.name, fields)
        }
        add(&fields, "step", root: true) {
            capture.beginObject()
            var fields: [String: Any] = [:]
            add(&fields, "id") { value("step.id", step.id) }
            add(&fields, "kind") { value("step.kind", step.kind.rawValue) }
            return object("step", display: step.id, fields)
        }
        add(&fields, "unsubscribe_url", root: true) { value("unsubscribe_url", unsubscribeURL) }
        add(&fields, "year", root: true) { value("year", ZonedDateFormat.year(now, in: zone)) }
        return ContextObject(key: "", fields: fields, display: "", isRoot: true, recorder: recorder)
    }
}
