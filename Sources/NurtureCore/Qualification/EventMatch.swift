/// Which events a behaviour rule or a stage transition counts: one of these types, and when
/// `properties` is set, with each named property (`page`, `form`, `content` for the catalog item …)
/// holding one of the listed values (compared lower-cased).
public struct EventMatch: Hashable, Sendable {
    public var types: Set<EventType> { didSet { typeMask = EventType.mask(types) } }
    public var properties: [PropertyCondition]
    private var typeMask: UInt32

    public struct PropertyCondition: Hashable, Sendable {
        public var name: String
        /// Lower-cased.
        public var values: Set<String>

        public init(name: String, values: some Sequence<String>) {
            self.name = name
            self.values = Set(values.map(AttributeTest.normalize))
        }
    }

    public init(types: Set<EventType>, properties: [PropertyCondition] = []) {
        self.types = types
        self.properties = properties
        self.typeMask = EventType.mask(types)
    }

    /// The types as `EventType.bit`s.
    var typeBits: UInt32 { typeMask }

    public func matches(_ event: ContactEvent) -> Bool {
        guard typeMask & event.type.bit != 0 else { return false }
        for condition in properties {
            let value = condition.name == "content" ? event.content : event.properties[condition.name]
            guard let value, condition.values.contains(value.foldedForMatching) else { return false }
        }
        return true
    }
}
