/// A rung of the lifecycle ladder (`subscriber`, `lead`, `mql`, `prospect`, `customer` by default).
/// Companies name rungs differently, so a stage is a name, ordered by the campaign's `StageLadder`.
public struct Stage: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) { self.name = name.trimmingASCIIWhitespace().lowercased() }
    public init(stringLiteral value: String) { self.init(value) }
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }
    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.name < rhs.name }

    public static let subscriber: Stage = "subscriber"
    public static let lead: Stage = "lead"
    public static let mql: Stage = "mql"
    public static let prospect: Stage = "prospect"
    public static let customer: Stage = "customer"
}

/// The ordered stages of a campaign, lowest first.
public struct StageLadder: Hashable, Sendable {
    public let stages: [Stage]

    public init(_ stages: [Stage]) { self.stages = stages }

    public static let `default` = StageLadder([.subscriber, .lead, .mql, .prospect, .customer])

    public func contains(_ stage: Stage) -> Bool { stages.contains(stage) }
    public func rank(of stage: Stage) -> Int? { stages.firstIndex(of: stage) }
    /// The stage a contact without one is taken to be at: the lowest rung.
    public var entry: Stage? { stages.first }
}
