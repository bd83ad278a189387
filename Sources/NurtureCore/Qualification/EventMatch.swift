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
        public var values: Set<String> { didSet { few = Self.few(values) } }
        /// The values, sorted, when there are few (`page: pricing`): compared one by one, which costs less
        /// than hashing the event's value (scoring tests every event).
        private var few: [String]?

        public init(name: String, values: some Sequence<String>) {
            self.name = name
            self.values = Set(values.map(AttributeTest.normalize))
            few = Self.few(self.values)
        }

        private static func few(_ values: Set<String>) -> [String]? { values.count <= 4 ? values.sorted() : nil }

        /// `values.contains(value)`.
        func contains(_ value: String) -> Bool { few?.contains(value) ?? values.contains(value) }
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
            let value = condition.name == "content" ? event.content : Self.property(condition.name, of: event.properties)
            guard let value, condition.contains(value.foldedForMatching) else { return false }
        }
        return true
    }

    /// `properties[name]`; among a few properties (an event has one or two), found by comparing names,
    /// without hashing.
    static func property(_ name: String, of properties: [String: String]) -> String? {
        guard properties.count <= 2 else { return properties[name] }
        for (key, value) in properties where key == name { return value }
        return nil
    }
}
