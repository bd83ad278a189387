import Foundation
import NurtureCore

extension RenderInput {
    /// The zone dates are shown in: the contact's, else `defaultTimeZone`, else UTC.
    var displayZone: TimeZone { ZonedDateFormat.zone(contact: contact.timeZone, default: defaultTimeZone) }

    /// The render context (the names of `ContextSchema`), recording into `recorder`.
    func context(recorder: RenderRecorder) -> ContextObject {
        let zone = displayZone
        func value(_ key: String, _ text: String?) -> ContextValue { ContextValue(key: key, text: text, recorder: recorder) }
        func list(_ key: String, _ values: [String]) -> ContextList { ContextList(key: key, values: values, recorder: recorder) }
        func object(_ key: String, display: String, _ fields: [String: Any]) -> ContextObject {
            ContextObject(key: key, fields: fields, display: display, recorder: recorder)
        }
        func itemNode(_ key: String, _ item: CatalogItem?) -> Any {
            guard let item else { return value(key, nil) }
            return object(key, display: item.title, [
                "id": value("\(key).id", item.id),
                "title": value("\(key).title", item.title),
                "url": value("\(key).url", item.url),
                "kind": value("\(key).kind", item.kind.label),
                "summary": value("\(key).summary", item.summary),
                "topics": list("\(key).topics", item.topics),
                "starts_at": value("\(key).starts_at", item.startsAt.map { ZonedDateFormat.dateTime($0, in: zone) }),
                "starts_at_iso": value("\(key).starts_at_iso", item.startsAt.map { ZonedDateFormat.iso8601($0, in: zone) }),
            ])
        }

        var fields: [String: Any] = [:]
        // Custom columns first, so that built-in names overwrite a column of the same name.
        for (column, text) in contact.customFields.sorted(by: { $0.key < $1.key }) {
            for key in ContextSchema.keys(forCustomField: column) { fields[key] = value(key, text) }
        }
        let contactFields: [String: Any] = [
            "email": value("email", contact.email.value),
            "first_name": value("first_name", contact.firstName),
            "last_name": value("last_name", contact.lastName),
            "company": value("company", contact.company),
            "job_title": value("job_title", contact.jobTitle),
            "stage": value("stage", contact.stage?.name),
            "interests": list("interests", contact.interests),
            "timezone": value("timezone", contact.timeZone),
            "score": value("score", contact.score.map(String.init)),
        ]
        fields.merge(contactFields) { _, builtIn in builtIn }

        let sender = campaign.sender
        let builtIns: [String: Any] = [
            "item": itemNode("item", item),
            "previous_item": itemNode("previous_item", previousItem),
            "trigger": trigger.map { event in
                var fields: [String: Any] = [
                    "type": value("trigger.type", event.type.rawValue),
                    "action": value("trigger.action", event.type.pastTense),
                    "at": value("trigger.at", ZonedDateFormat.dateTime(event.at, in: zone)),
                    "item": itemNode("trigger.item", triggerItem),
                    // A registration's own join link, when the event carries one that is a web URL.
                    "join_url": value("trigger.join_url", event.properties["join_url"].flatMap { WebURL.isValidAndPlain($0) ? $0 : nil }),
                ]
                for type in EventType.allCases {
                    fields["is_\(type.rawValue)"] = value("trigger.is_\(type.rawValue)", type == event.type ? "yes" : nil)
                }
                return object("trigger", display: event.type.rawValue, fields)
            } ?? value("trigger", nil),
            "sender": object("sender", display: sender.name, [
                "name": value("sender.name", sender.name),
                "email": value("sender.email", sender.email.value),
                "reply_to": value("sender.reply_to", sender.replyTo?.value),
                "postal_address": value("sender.postal_address", sender.postalAddress),
                "booking_url": value("sender.booking_url", sender.bookingURL),
            ]),
            "campaign": object("campaign", display: campaign.name, ["name": value("campaign.name", campaign.name)]),
            "step": object("step", display: step.id, [
                "id": value("step.id", step.id),
                "kind": value("step.kind", step.kind.rawValue),
            ]),
            "unsubscribe_url": value("unsubscribe_url", unsubscribeURL),
            "year": value("year", ZonedDateFormat.year(now, in: zone)),
        ]
        fields.merge(builtIns) { _, builtIn in builtIn }
        return ContextObject(key: "", fields: fields, display: "", isRoot: true, recorder: recorder)
    }
}
