import Foundation

/// When a deferred message is tried again: exponential backoff with jitter, for up to `maxAge` after it
/// was first claimed (as mail servers do: a relay's bad afternoon must not fail a thank-you for good), and
/// at most `maxAttempts` times. The jitter is derived from the entry id and attempt, so the schedule is
/// deterministic.
public struct RetryPolicy: Hashable, Sendable {
    public var maxAttempts: Int
    public var maxAge: TimeSpan
    public var base: TimeSpan
    public var cap: TimeSpan
    /// Fraction of the delay the jitter may add or take away (0.2 = ±20%).
    public var jitter: Double

    public init(maxAttempts: Int = 20, maxAge: TimeSpan = .days(3), base: TimeSpan = .minutes(5), cap: TimeSpan = .hours(6), jitter: Double = 0.2) {
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// When to try again after `attempts` failed attempts (1 after the first), or nil when it is time to
    /// give up: too many attempts, or the next one would come more than `maxAge` after `firstClaimed`.
    public func nextAttempt(after attempts: Int, entry id: Int64, now: Date, firstClaimed: Date) -> Date? {
        guard attempts < maxAttempts else { return nil }
        let exponent = Double(max(0, attempts - 1))
        let raw = min(Double(cap.seconds), Double(base.seconds) * pow(2, exponent))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in withUnsafeBytes(of: id.littleEndian, Array.init) + withUnsafeBytes(of: Int64(attempts).littleEndian, Array.init) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let unit = Double(hash % 10_000) / 10_000 * 2 - 1   // -1 ..< 1
        let next = now.addingTimeInterval(raw * (1 + jitter * unit))
        return next > firstClaimed.adding(maxAge) ? nil : next
    }
}
