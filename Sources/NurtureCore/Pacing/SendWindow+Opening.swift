import Foundation

extension SendWindow {
    /// True when a send at `instant` is inside the window in `zone`.
    public func isOpen(at instant: Date, in zone: ContactZone) -> Bool {
        let local = zone.civil(at: instant)
        if !days.isEmpty && !days.contains(local.weekday) { return false }
        if let quietHours, quietHours.contains(minuteOfDay: local.minuteOfDay) { return false }
        return true
    }

    /// The first instant at or after `instant` when the window is open in `zone`, and the rule that held it
    /// (nil when open at once). A window opening at a wall time that does not exist that day (a DST gap)
    /// opens when the clock jumps; one that happens twice opens at its first occurrence.
    public func nextOpening(from instant: Date, in zone: ContactZone) -> (Date, PacingRule?) {
        if isOpen(at: instant, in: zone) { return (instant, nil) }
        let local = zone.civil(at: instant)
        var rule: PacingRule = .quietHours
        if !days.isEmpty && !days.contains(local.weekday) { rule = .sendDays }
        let opening = quietHours?.endMinute ?? 0
        // Today's opening if it is still ahead, else a later day's; at most a week ahead plus one.
        for offset in 0...8 {
            let day = local.startOfDay(plus: offset)
            if !days.isEmpty && !days.contains(day.weekday) { continue }
            let instants: [Date]
            switch zone.resolve(day.at(minuteOfDay: opening)) {
            case let .unique(date), let .nonexistent(date): instants = [date]
            case let .ambiguous(earlier, later): instants = [earlier, later]
            }
            // A gap end reads past the opening (a 02:30 opening in a 02:00–03:00 gap reads 03:00), still open.
            if let first = instants.first(where: { $0 >= instant }) { return (first, rule) }
        }
        return (instant, nil)   // no allowed day at all: validation refuses such a window
    }

    /// `quiet hours in America/Los_Angeles until 08:00 (16:00 UTC)` / `no sends on Saturday, Sunday in …`.
    func holdReason(_ rule: PacingRule, until: Date, now: Date, zone: ContactZone) -> String {
        switch rule {
        case .sendDays:
            let closed = Weekday.allCases.filter { !days.contains($0) }.map(\.name).joined(separator: ", ")
            return "no sends on \(closed) in \(zone.identifier); next slot \(PacingTime.slot(until, in: zone))"
        default:
            return "quiet hours in \(zone.identifier) until \(PacingTime.until(until, from: now, in: zone))"
        }
    }
}
