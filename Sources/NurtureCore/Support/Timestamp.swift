import Foundation

/// ISO 8601 timestamps with an explicit offset (`2026-11-20T14:02:00Z`, `…+01:00`, fractional seconds
/// allowed; see `ISO8601Timestamp`). A time without an offset is refused: it would mean a different
/// instant on every machine.
public enum Timestamp {
    public static func parse(_ text: String) -> Date? {
        try? ISO8601Timestamp.parse(text.trimmingASCIIWhitespace()).get()
    }

    /// `2026-11-20T14:02:00Z`: how dates leave the program (JSON, files).
    public static func format(_ date: Date) -> String {
        guard let fields = UTCTimeFields(date) else { return style.format(date) }
        return fields.text(separator: "T", seconds: true, zone: "Z")
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
}
