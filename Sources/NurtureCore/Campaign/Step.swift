/// One step of a campaign: what to send, and the declarative conditions under which it is due.
public struct Step: Hashable, Sendable, Identifiable {
    public var id: String
    public var kind: StepKind
    /// The template's name, a file stem under `templates/`.
    public var template: String
    public var conditions: StepConditions
    public var content: ContentRule?
    public var repeatRule: RepeatRule

    public init(
        id: String, kind: StepKind, template: String, conditions: StepConditions = StepConditions(),
        content: ContentRule? = nil, repeatRule: RepeatRule? = nil
    ) {
        self.id = id
        self.kind = kind
        self.template = template
        self.conditions = conditions
        self.content = content
        self.repeatRule = repeatRule ?? kind.defaultRepeat
    }
}

/// When a step applies. Every field narrows; an empty field does not.
public struct StepConditions: Hashable, Sendable {
    /// The stages the step is for; empty means every stage on the ladder.
    public var stages: [Stage]
    /// The event that starts the step, and how recent it must be.
    public var trigger: Trigger?
    /// Wait after the anchor: the trigger event, or `afterStep`'s email.
    public var delay: TimeSpan
    /// Only once this step has been sent; `delay` then counts from that email.
    public var afterStep: String?
    /// At least this long since the last email of this campaign to the contact.
    public var minimumGap: TimeSpan?
    /// The step does not apply to a contact with any of these events.
    public var unlessEvents: [EventType]

    public init(
        stages: [Stage] = [], trigger: Trigger? = nil, delay: TimeSpan = .zero, afterStep: String? = nil,
        minimumGap: TimeSpan? = nil, unlessEvents: [EventType] = []
    ) {
        self.stages = stages
        self.trigger = trigger
        self.delay = delay
        self.afterStep = afterStep
        self.minimumGap = minimumGap
        self.unlessEvents = unlessEvents
    }
}

/// The event that starts a step.
public struct Trigger: Hashable, Sendable {
    public var events: [EventType]
    /// How recent the event must be.
    public var within: TimeSpan

    public init(events: [EventType], within: TimeSpan) {
        self.events = events
        self.within = within
    }
}

/// How a step picks a catalog item.
public struct ContentRule: Hashable, Sendable {
    public enum Source: String, CaseIterable, Hashable, Sendable {
        /// The contact's declared interests.
        case interests
        /// The topics of what the contact downloaded or registered for.
        case downloads
    }

    /// Only these catalog items, when set (a drip step that sends one fixed piece).
    public var items: [String]
    /// What the item's topics must share with; empty means any item of the right kind.
    public var match: [Source]
    /// Which kinds of item; empty means every kind.
    public var kinds: [ContentKind]
    /// For scheduled items: only those starting within this span of now.
    public var startsWithin: TimeSpan?
    /// For scheduled items: the email goes at least this long before the start.
    public var leadTime: TimeSpan?

    public init(items: [String] = [], match: [Source] = [.interests, .downloads], kinds: [ContentKind] = [], startsWithin: TimeSpan? = nil, leadTime: TimeSpan? = nil) {
        self.items = items
        self.match = match
        self.kinds = kinds
        self.startsWithin = startsWithin
        self.leadTime = leadTime
    }
}
