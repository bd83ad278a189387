import ArgumentParser

/// `--interval`: a number with a unit, `30s`, `5m`, `1h`.
enum IntervalOption {
    static func parse(_ text: String) throws -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last, let factor = units[unit], let number = Int64(text.dropLast()), (1...86_400).contains(number) else {
            throw ValidationError("--interval '\(text)': expected a number of seconds, minutes or hours, such as 90s, 5m or 1h")
        }
        let seconds = number * factor
        guard seconds <= 86_400 else { throw ValidationError("--interval '\(text)': at most 24h") }
        return .seconds(seconds)
    }
}
