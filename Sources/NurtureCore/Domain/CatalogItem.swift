import Foundation

/// A piece of content a campaign can send: an e-book, a case study, a webinar …
public struct CatalogItem: Hashable, Sendable {
    public var id: String
    public var title: String
    public var url: String
    public var kind: ContentKind
    /// Normalised topics (see `Topic`).
    public var topics: [String]
    /// When it starts, for webinars and events.
    public var startsAt: Date?
    /// Stages it is written for; empty means every stage.
    public var stages: [Stage]
    public var summary: String?

    public init(
        id: String, title: String, url: String, kind: ContentKind, topics: [String],
        startsAt: Date? = nil, stages: [Stage] = [], summary: String? = nil
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.kind = kind
        self.topics = Topic.normalizeList(topics)
        self.startsAt = startsAt
        self.stages = stages
        self.summary = summary
    }
}

/// What sort of content an item is. Known kinds get a label; any other lower-case word is allowed.
public struct ContentKind: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    /// "e-book", "case study": for reasons and templates (made once, with the name).
    public let label: String

    public init(_ name: String) {
        let name = Topic.normalize(name).replacingOccurrences(of: "-", with: "_")
        self.name = name
        switch name {
        case "ebook": label = "e-book"
        case "whitepaper": label = "white paper"
        default: label = name.replacingOccurrences(of: "_", with: " ")
        }
    }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { name }

    /// The name says it all: the label is made from it.
    public static func == (lhs: ContentKind, rhs: ContentKind) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public static let ebook: ContentKind = "ebook"
    public static let whitepaper: ContentKind = "whitepaper"
    public static let caseStudy: ContentKind = "case_study"
    public static let guide: ContentKind = "guide"
    public static let report: ContentKind = "report"
    public static let video: ContentKind = "video"
    public static let webinar: ContentKind = "webinar"
    public static let event: ContentKind = "event"

    /// Webinars and events have a start time.
    public var isScheduled: Bool { self == .webinar || self == .event }
}
