/// What a contact did. The raw values are the `type` column of an events file.
public enum EventType: String, CaseIterable, Hashable, Sendable, Codable {
    case formSubmitted = "form_submitted"
    case contentDownloaded = "content_downloaded"
    case newsletterSignup = "newsletter_signup"
    case webinarRegistered = "webinar_registered"
    case webinarAttended = "webinar_attended"
    case pageViewed = "page_viewed"
    case demoRequested = "demo_requested"
    case quoteRequested = "quote_requested"
    case emailReplied = "email_replied"
    case purchased = "purchased"
    case unsubscribed = "unsubscribed"
    case bounced = "bounced"
    case complained = "complained"

    /// Conversions: the events a thank-you email answers.
    public static let conversions: [EventType] = [.formSubmitted, .contentDownloaded, .newsletterSignup, .webinarRegistered]

    /// Events whose `content` says the contact already has that item.
    public var consumesContent: Bool {
        switch self {
        case .contentDownloaded, .webinarRegistered, .webinarAttended, .formSubmitted: return true
        default: return false
        }
    }

    /// Past-tense phrase for reasons: "downloaded", "replied to an email".
    public var pastTense: String {
        switch self {
        case .formSubmitted: return "submitted a form"
        case .contentDownloaded: return "downloaded"
        case .newsletterSignup: return "signed up for the newsletter"
        case .webinarRegistered: return "registered for"
        case .webinarAttended: return "attended"
        case .pageViewed: return "viewed a page"
        case .demoRequested: return "requested a demo"
        case .quoteRequested: return "requested a quote"
        case .emailReplied: return "replied to an email"
        case .purchased: return "purchased"
        case .unsubscribed: return "unsubscribed"
        case .bounced: return "bounced"
        case .complained: return "complained (marked as spam)"
        }
    }

    public static var knownList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
