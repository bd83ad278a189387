import Foundation

/// ISO 8601 / RFC 3339 date-times that name their offset: `2026-03-01T09:30:00Z`,
/// `2026-03-01T09:30:00.250+01:00`, `2026-03-01 09:30+0100`. Seconds are optional, fractions are
/// kept to the millisecond (the store's precision), a time without `Z` or an offset is refused:
/// its instant would depend on the machine that imports it.
public enum ISO8601Timestamp {
    public enum Failure: Error, Equatable, Sendable {
        case invalid
        case noOffset
    }

    public static func parse(_ text: String) -> Result<Date, Failure> {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let year = scanner.digits(4), scanner.take(UInt8(ascii: "-")),
              let month = scanner.digits(2), scanner.take(UInt8(ascii: "-")),
              let day = scanner.digits(2),
              scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) || scanner.take(UInt8(ascii: " ")),
              let hour = scanner.digits(2), scanner.take(UInt8(ascii: ":")),
              let minute = scanner.digits(2)
        else { return .failure(.invalid) }
        var second = 0
        var millisecond = 0
        if scanner.take(UInt8(ascii: ":")) {
            guard let value = scanner.digits(2) else { return .failure(.invalid) }
            second = value
            if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
                guard let fraction = scanner.fractionDigits() else { return .failure(.invalid) }
                millisecond = fraction
            }
        }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return .failure(.invalid) }

        guard let sign = scanner.peek() else { return .failure(.noOffset) }
        var offsetMinutes = 0
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            scanner.advance()
        } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            scanner.advance()
            guard let offsetHours = scanner.digits(2), offsetHours <= 23 else { return .failure(.invalid) }
            var minutes = 0
            if scanner.take(UInt8(ascii: ":")) {
                guard let value = scanner.digits(2) else { return .failure(.invalid) }
                minutes = value
            } else if let value = scanner.digits(2) {
                minutes = value
            }
            guard minutes <= 59 else { return .failure(.invalid) }
            offsetMinutes = (offsetHours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return .failure(.invalid)
        }
        guard scanner.atEnd else { return .failure(.invalid) }

        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let minutesOfDay = Int64(hour * 60 + minute - offsetMinutes)
        let milliseconds = days * 86_400_000 + minutesOfDay * 60_000 + Int64(second * 1000 + millisecond)
        return .success(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
        mutating func advance() { index += 1 }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        /// One or more digits; the first three as milliseconds, the rest dropped.
        mutating func fractionDigits() -> Int? {
            var value = 0
            var taken = 0
            while let byte = peek(), byte >= 0x30, byte <= 0x39 {
                if taken < 3 { value = value * 10 + Int(byte - 0x30) }
                taken += 1
                index += 1
            }
            guard taken > 0 else { return nil }
            if taken < 3 { for _ in taken..<3 { value *= 10 } }
            return value
        }
    }
}
