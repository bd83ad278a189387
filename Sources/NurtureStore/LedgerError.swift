/// A ledger operation that the entry's state does not allow, or that names no entry: "no ledger
/// entry 12", "ledger entry 12 is sent, not unknown". One line, for the person who asked.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No entry has this id.
        public static let noSuchEntry = Code(rawValue: "no_such_entry")
        /// The entry is in a state the operation does not start from.
        public static let wrongState = Code(rawValue: "wrong_state")
        /// The operation was asked for something it never does (resolve as `pending`, update to `sending`).
        public static let invalidRequest = Code(rawValue: "invalid_request")
    }

    public let code: Code
    /// The entry concerned, when there is one.
    public let entryID: Int64?
    public let message: String

    public init(_ code: Code, entryID: Int64?, message: String) {
        self.code = code
        self.entryID = entryID
        self.message = message
    }

    public var description: String { message }

    static func noSuchEntry(_ id: Int64) -> LedgerError {
        LedgerError(.noSuchEntry, entryID: id, message: "no ledger entry \(id)")
    }

    static func wrongState(_ id: Int64, is state: String, expected: String) -> LedgerError {
        LedgerError(.wrongState, entryID: id, message: "ledger entry \(id) is \(state.debugSafe), not \(expected)")
    }
}
