import Foundation

/// A person the campaigns may write to, as the store holds it.
public struct Contact: Hashable, Sendable {
    /// The store's identifier; `nil` before the contact is stored.
    public var id: Int64?
    public var email: EmailAddress
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var jobTitle: String?
    public var stage: Stage?
    /// Normalised topics (see `Topic`).
    public var interests: [String]
    /// An IANA time zone name, validated on import.
    public var timeZone: String?
    public var score: Int?
    /// Every other CSV column, by its header name. Templates can use them.
    public var customFields: [String: String]

    public init(
        id: Int64? = nil, email: EmailAddress, firstName: String? = nil, lastName: String? = nil,
        company: String? = nil, jobTitle: String? = nil, stage: Stage? = nil, interests: [String] = [],
        timeZone: String? = nil, score: Int? = nil, customFields: [String: String] = [:]
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.jobTitle = jobTitle
        self.stage = stage
        self.interests = Topic.normalizeList(interests)
        self.timeZone = timeZone
        self.score = score
        self.customFields = customFields
    }
}
