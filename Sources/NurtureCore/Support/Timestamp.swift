import Foundation

/// ISO 8601 timestamps with an explicit offset (`2026-11-20T14:02:00Z`, `…+01:00`, fractional seconds
/// allowed). A time without an offset is refused: it would mean a different instant on every machine.
public enum Timestamp {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingASCIIWhitespace()
        guard hasOffset(trimmed) else { return nil }
        if let date = try? Date(trimmed, strategy: plain) { return date }
        return try? Date(trimmed, strategy: fractional)
    }

    /// `2026-11-20T14:02:00Z`: how dates leave the program (JSON, files).
    public static func format(_ date: Date) -> String { plain.format(date) }

    private static let plain = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func hasOffset(_ text: String) -> Bool {
        guard let tIndex = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return false }
        let time = text[text.index(after: tIndex)...]
        return time.hasSuffix("Z") || time.hasSuffix("z") || time.contains("+") || time.contains("-")
    }
}
