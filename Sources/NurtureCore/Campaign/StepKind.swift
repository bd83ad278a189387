/// What a nurture step is for. The order of `priority` is the order in which due steps win when
/// several are due in one run: thank-you, demo offer, webinar invite, related content, then drip emails.
public enum StepKind: String, CaseIterable, Hashable, Sendable, Codable {
    case thankYou = "thank_you"
    case demoOffer = "demo_offer"
    case webinarInvite = "webinar_invite"
    case relatedContent = "related_content"
    case email = "email"

    public var priority: Int {
        switch self {
        case .thankYou: return 0
        case .demoOffer: return 1
        case .webinarInvite: return 2
        case .relatedContent: return 3
        case .email: return 4
        }
    }

    public var label: String {
        switch self {
        case .thankYou: return "thank-you"
        case .demoOffer: return "demo offer"
        case .webinarInvite: return "webinar invite"
        case .relatedContent: return "related content"
        case .email: return "email"
        }
    }

    /// The repeat rule a step of this kind has when the campaign does not say.
    public var defaultRepeat: RepeatRule {
        switch self {
        case .thankYou: return .perTrigger
        case .relatedContent, .webinarInvite: return .perContent
        case .demoOffer, .email: return .once
        }
    }

    public static var knownList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// How often a step may go to one contact.
public enum RepeatRule: String, CaseIterable, Hashable, Sendable, Codable {
    /// At most once per contact.
    case once
    /// Once per trigger event's item (each download thanked once).
    case perTrigger = "per_trigger"
    /// Once per content item (each related piece sent once).
    case perContent = "per_content"
}
