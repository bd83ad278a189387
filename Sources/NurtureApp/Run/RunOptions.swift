import NurtureCore

/// How `nurture run` goes about it.
public struct RunOptions: Sendable {
    /// Messages in flight at once: one per SMTP connection.
    public var connections: Int
    /// Stop after this many delivery attempts.
    public var limit: Int?
    public var retry: RetryPolicy
    /// Contacts planned per page.
    public var pageSize: Int
    /// Only this contact.
    public var only: EmailAddress?

    public init(connections: Int = 4, limit: Int? = nil, retry: RetryPolicy = RetryPolicy(), pageSize: Int = 500, only: EmailAddress? = nil) {
        self.connections = max(1, connections)
        self.limit = limit
        self.retry = retry
        self.pageSize = max(1, pageSize)
        self.only = only
    }
}
