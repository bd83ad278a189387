extension EventType {
    /// One bit per type, for testing a rule's set of types without hashing (scoring runs in every plan).
    var bit: UInt32 {
        switch self {
        case .formSubmitted: return 1 << 0
        case .contentDownloaded: return 1 << 1
        case .newsletterSignup: return 1 << 2
        case .webinarRegistered: return 1 << 3
        case .webinarAttended: return 1 << 4
        case .pageViewed: return 1 << 5
        case .demoRequested: return 1 << 6
        case .quoteRequested: return 1 << 7
        case .emailReplied: return 1 << 8
        case .purchased: return 1 << 9
        case .unsubscribed: return 1 << 10
        case .bounced: return 1 << 11
        case .complained: return 1 << 12
        }
    }

    static func mask(_ types: some Sequence<EventType>) -> UInt32 { types.reduce(0) { $0 | $1.bit } }
}
