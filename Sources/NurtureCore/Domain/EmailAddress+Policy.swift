extension EmailAddress {
    /// What an address check lets through beyond RFC 5321's plain envelope grammar.
    ///
    /// `standard` (the default) refuses quoted local parts and the top-level names reserved for
    /// documentation and tests (`.test`, `.example`, `.invalid`, `.localhost`). The command line turns on
    /// `allowsReservedTopLevelDomains` when `NURTURE_ALLOW_RESERVED_DOMAINS=1` (the shipped examples and
    /// the demo use `.example` addresses); `allowsQuotedLocalPart` is a library option only.
    public struct Policy: Hashable, Sendable {
        public var allowsReservedTopLevelDomains: Bool
        public var allowsQuotedLocalPart: Bool

        public init(allowsReservedTopLevelDomains: Bool = false, allowsQuotedLocalPart: Bool = false) {
            self.allowsReservedTopLevelDomains = allowsReservedTopLevelDomains
            self.allowsQuotedLocalPart = allowsQuotedLocalPart
        }

        public static let standard = Policy()
        /// `.test`, `.example`, `.invalid` and `.localhost` accepted: for demos, documentation data and tests.
        public static let reservedDomainsAllowed = Policy(allowsReservedTopLevelDomains: true)
        /// Everything any policy accepts: for values read back from the store (`init(storedValue:)`).
        public static let stored = Policy(allowsReservedTopLevelDomains: true, allowsQuotedLocalPart: true)

        /// The environment variable that allows reserved top-level domains.
        public static let environmentVariable = "NURTURE_ALLOW_RESERVED_DOMAINS"

        /// `reservedDomainsAllowed` when `NURTURE_ALLOW_RESERVED_DOMAINS` is `1`, `true` or `yes`; otherwise `standard`.
        public static func fromEnvironment(_ environment: [String: String]) -> Policy {
            switch environment[environmentVariable]?.lowercased() {
            case "1", "true", "yes": return .reservedDomainsAllowed
            default: return .standard
            }
        }
    }
}
