import Foundation

/// A length of time as campaigns write it: `0`, `45m`, `12h`, `3d`, `2w`.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }
    public static func minutes(_ n: Int) -> TimeSpan { TimeSpan(seconds: n * 60) }
    public static func hours(_ n: Int) -> TimeSpan { TimeSpan(seconds: n * 3600) }
    public static func days(_ n: Int) -> TimeSpan { TimeSpan(seconds: n * 86_400) }
    public static let zero = TimeSpan(seconds: 0)

    public var timeInterval: TimeInterval { TimeInterval(seconds) }
    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    /// Parses `<integer><unit>` with unit `s`, `m`, `h`, `d` or `w`, or a bare `0`. A leading `-` parses,
    /// so that validation can say "negative" rather than "unreadable".
    public init?(parsing text: String) {
        let trimmed = text.trimmingASCIIWhitespace()
        if trimmed == "0" { self.init(seconds: 0); return }
        guard let unit = trimmed.last, let number = Int(trimmed.dropLast()) else { return nil }
        let factor: Int
        switch unit {
        case "s": factor = 1
        case "m": factor = 60
        case "h": factor = 3600
        case "d": factor = 86_400
        case "w": factor = 604_800
        default: return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        self.init(seconds: product)
    }

    /// The shortest exact spelling: `3d`, `36h`, `0`.
    public var description: String {
        if seconds == 0 { return "0" }
        for (unit, factor) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % factor == 0 {
            return "\(seconds / factor)\(unit)"
        }
        return "\(seconds)s"
    }

    /// For reasons: "3 days", "12 hours", "1 week".
    public var spoken: String {
        if seconds == 0 { return "no delay" }
        for (unit, factor) in [("day", 86_400), ("hour", 3600), ("minute", 60)] where seconds % factor == 0 {
            let n = seconds / factor
            return "\(n) \(unit)\(n == 1 ? "" : "s")"
        }
        return "\(seconds) seconds"
    }
}

extension Date {
    public func adding(_ span: TimeSpan) -> Date { addingTimeInterval(span.timeInterval) }
    public func subtracting(_ span: TimeSpan) -> Date { addingTimeInterval(-span.timeInterval) }
}
