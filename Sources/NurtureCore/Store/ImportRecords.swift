import Foundation

/// A contact row as read from a file. `nil` means the file gave no value: an upsert leaves the stored
/// value as it is, so re-importing a narrower file never erases what the store knows.
public struct ContactRecord: Hashable, Sendable {
    public var email: EmailAddress
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var jobTitle: String?
    public var stage: Stage?
    public var interests: [String]?
    public var timeZone: String?
    public var score: Int?
    /// Custom columns with a value; merged into the stored ones.
    public var customFields: [String: String]
    /// What is wrong with the row but does not stop it from being imported (an unknown time zone, kept as
    /// given: the planner uses the campaign's zone and says so).
    public var warnings: [String] = []

    public init(
        email: EmailAddress, firstName: String? = nil, lastName: String? = nil, company: String? = nil,
        jobTitle: String? = nil, stage: Stage? = nil, interests: [String]? = nil, timeZone: String? = nil,
        score: Int? = nil, customFields: [String: String] = [:]
    ) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.jobTitle = jobTitle
        self.stage = stage
        self.interests = interests.map { Topic.normalizeList($0) }
        self.timeZone = timeZone
        self.score = score
        self.customFields = customFields
    }
}

/// An event row as read from a file: whose, and what.
public struct EventRecord: Hashable, Sendable {
    public var email: EmailAddress
    public var event: ContactEvent

    public init(email: EmailAddress, event: ContactEvent) {
        self.email = email
        self.event = event
    }
}

/// A row of an input file that cannot be imported, and why.
public struct RowRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line of the file where the row starts.
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// One row of an input file: a record to import, or why it cannot be.
public struct ImportRow<Record: Sendable>: Sendable {
    public var line: Int
    public var result: Result<Record, RowRejection>

    public init(line: Int, record: Record) {
        self.line = line
        self.result = .success(record)
    }

    public init(line: Int, rejection reason: String) {
        self.line = line
        self.result = .failure(RowRejection(line: line, reason: reason))
    }
}

/// Rows read one at a time from a file, so that a large import keeps memory flat. `next()` throws
/// only for a problem with the whole file (unreadable, no header); a bad row is a rejected `ImportRow`.
public protocol RowSource<Record> {
    associatedtype Record: Sendable
    mutating func next() throws -> ImportRow<Record>?
}

/// What an import did.
public struct ImportReport: Hashable, Sendable {
    public var imported: Int
    public var updated: Int
    public var unchanged: Int
    public var rejected: [RowRejection]
    /// Rows imported with a warning, and what it is.
    public var warnings: [RowRejection] = []

    public init(imported: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: [RowRejection] = []) {
        self.imported = imported
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
    }
}
