/// A contact field a scoring rule reads: a known column, the address's domain, or any custom CSV column.
public enum ContactAttribute: Hashable, Sendable, CustomStringConvertible {
    case firstName
    case lastName
    case company
    case jobTitle
    /// The domain of the address (`acme.example`): competitors and free-mail providers.
    case emailDomain
    case timeZone
    /// The contact's interests; a rule matches when any one does.
    case interests
    /// Any other column of the contacts file (`industry`, `company_size`, `country`, `bant_budget` …).
    case custom(String)

    /// The name a rule file uses: the contacts CSV column, or `email_domain`.
    public init(name: String) {
        switch name {
        case "first_name": self = .firstName
        case "last_name": self = .lastName
        case "company": self = .company
        case "job_title": self = .jobTitle
        case "email_domain": self = .emailDomain
        case "timezone": self = .timeZone
        case "interests": self = .interests
        default: self = .custom(name)
        }
    }

    public var description: String {
        switch self {
        case .firstName: return "first_name"
        case .lastName: return "last_name"
        case .company: return "company"
        case .jobTitle: return "job_title"
        case .emailDomain: return "email_domain"
        case .timeZone: return "timezone"
        case .interests: return "interests"
        case let .custom(name): return name
        }
    }

    /// The contact's value of a single-valued attribute, trimmed; nil when empty (and for `interests`).
    func value(of contact: Contact) -> String? {
        let single: String?
        switch self {
        case .firstName: single = contact.firstName
        case .lastName: single = contact.lastName
        case .company: single = contact.company
        case .jobTitle: single = contact.jobTitle
        case .emailDomain: single = contact.email.domain
        case .timeZone: single = contact.timeZone
        case .interests: return nil
        case let .custom(name): single = contact.customFields[name]
        }
        guard let single, !single.isEmpty else { return nil }
        return single
    }
}
