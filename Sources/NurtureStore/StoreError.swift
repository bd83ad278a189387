/// A problem with the database itself: it cannot be opened or migrated, or holds data this version
/// cannot read. One line, naming the database.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let cannotOpen = Code(rawValue: "cannot_open")
        public static let migrationFailed = Code(rawValue: "migration_failed")
        public static let newerSchema = Code(rawValue: "newer_schema")
        public static let corruptData = Code(rawValue: "corrupt_data")
        /// The run lock file cannot be opened or locked (not: another run holds it, a `RunLockError`).
        public static let lockFailed = Code(rawValue: "lock_failed")
    }

    public let code: Code
    /// The database file, or `:memory:`.
    public let path: String
    public let message: String

    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
