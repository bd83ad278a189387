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

    /// The part of `items` the `--limit` allows after `used` attempts (or messages already handed out), and
    /// whether it reaches the limit; all of them, and false, without one.
    func withinLimit<T>(_ items: [T], after used: Int) -> (items: [T], reachesLimit: Bool) {
        guard let limit else { return (items, false) }
        let left = max(0, limit - used)
        return (Array(items.prefix(left)), items.count >= left)
    }
}
