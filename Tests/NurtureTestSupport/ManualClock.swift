import Foundation

/// A fixed point in time for tests, settable by ISO 8601 text.
public enum TestTime {
    public static func at(_ iso: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: iso) else { preconditionFailure("bad test date \(iso)") }
        return date
    }
}
