import Foundation

/// One thing a contact did, at a time.
public struct ContactEvent: Hashable, Sendable {
    public var type: EventType
    public var at: Date
    /// A catalog item id, when the event is about one (the e-book downloaded, the webinar registered for).
    public var content: String?
    /// Every other field of the event row (`page` for `page_viewed`, form names, UTM tags …).
    public var properties: [String: String]

    public init(type: EventType, at: Date, content: String? = nil, properties: [String: String] = [:]) {
        self.type = type
        self.at = at
        self.content = content
        self.properties = properties
    }
}
