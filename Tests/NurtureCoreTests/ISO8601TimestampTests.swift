import Foundation
import NurtureCore
import Testing

struct ISO8601TimestampTests {
    @Test(arguments: [
        ("2026-03-01T09:30:00Z", 1_772_357_400.0),
        ("2026-03-01t09:30:00z", 1_772_357_400.0),
        ("2026-03-01 10:30:00+01:00", 1_772_357_400.0),
        ("2026-03-01T10:30+0100", 1_772_357_400.0),
        ("2026-03-01T04:30:00-05", 1_772_357_400.0),
        ("2026-03-01T09:30:00.5Z", 1_772_357_400.5),
        ("2026-03-01T09:30:00.123456Z", 1_772_357_400.123),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
    ])
    func parses(text: String, seconds: Double) {
        #expect(ISO8601Timestamp.parse(text) == .success(Date(timeIntervalSince1970: seconds)))
    }

    @Test(arguments: ["2026-03-01T09:30:00", "2026-03-01T09:30", "2026-03-01 09:30:00.250"])
    func refusesATimeWithoutOffset(text: String) {
        #expect(ISO8601Timestamp.parse(text) == .failure(.noOffset))
    }

    @Test(arguments: [
        "", "2026-03-01", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-03-01T24:00:00Z",
        "2026-03-01T09:30:00+25:00", "2026-03-01T09:30:00Zjunk", "2026-03-01T09:30:00.Z", "yesterday",
    ])
    func refusesInvalid(text: String) {
        #expect(ISO8601Timestamp.parse(text) == .failure(.invalid))
    }
}
