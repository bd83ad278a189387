import Foundation
import NurtureCore

/// Everything one email is rendered from. The renderer reads no clock and no environment: `now` is
/// the clock, and time zones come from the contact, then `defaultTimeZone`, then UTC.
public struct RenderInput: Sendable {
    public var contact: Contact
    public var campaign: Campaign
    public var step: Step
    /// The catalog item the email is about (`item.*`), if any.
    public var item: CatalogItem?
    /// The event that triggered the step (`trigger.*`), if any.
    public var trigger: ContactEvent?
    /// The catalog item of the trigger event (`trigger.item.*`), if any.
    public var triggerItem: CatalogItem?
    /// The item of the contact's previous nurture email or conversion (`previous_item.*`), if any.
    public var previousItem: CatalogItem?
    /// The contact's own one-click unsubscribe link (`unsubscribe_url`).
    public var unsubscribeURL: String
    public var now: Date
    /// An IANA zone name for contacts without a (valid) time zone: the campaign's or sender's zone.
    /// `nil` means UTC.
    public var defaultTimeZone: String?

    public init(
        contact: Contact, campaign: Campaign, step: Step, item: CatalogItem?, trigger: ContactEvent?,
        triggerItem: CatalogItem?, previousItem: CatalogItem?, unsubscribeURL: String, now: Date,
        defaultTimeZone: String? = nil
    ) {
        self.contact = contact
        self.campaign = campaign
        self.step = step
        self.item = item
        self.trigger = trigger
        self.triggerItem = triggerItem
        self.previousItem = previousItem
        self.unsubscribeURL = unsubscribeURL
        self.now = now
        self.defaultTimeZone = defaultTimeZone
    }
}
