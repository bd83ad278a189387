import Foundation

/// The start times of the last ten seconds, in the order they were recorded: what `RelayPacer` estimates
/// the rate from when the relay throttles a run that has no rate of its own.
///
/// Recording a start drops every time more than `window` seconds before it. While the times come in order
/// (the usual case) those are the oldest ones, dropped from the front in time proportional to their number;
/// a clock that stepped back makes the next recording look at every time kept, as a plain filter would.
struct RecentStarts: Sendable {
    static let window: TimeInterval = 10

    /// Kept times are `times[head...]`; the ones before `head` were dropped and await compaction.
    private var times: [Date] = []
    private var head = 0
    /// The kept times are in non-decreasing order.
    private var inOrder = true

    /// The oldest kept start (the first recorded of those kept).
    var first: Date? { head < times.count ? times[head] : nil }
    var count: Int { times.count - head }

    mutating func record(_ now: Date) {
        if head == times.count {
            times.removeAll(keepingCapacity: true)
            head = 0
            inOrder = true
        } else if let last = times.last, now < last {
            inOrder = false
        }
        times.append(now)
        guard inOrder else {
            times.removeFirst(head)
            head = 0
            times.removeAll { now.timeIntervalSince($0) > Self.window }
            inOrder = zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }
            return
        }
        // In order, the times more than the window before `now` are a prefix.
        while head < times.count, now.timeIntervalSince(times[head]) > Self.window { head += 1 }
        if head >= 1024, head * 2 >= times.count {
            times.removeFirst(head)
            head = 0
        }
    }
}
