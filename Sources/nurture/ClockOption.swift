import ArgumentParser
import Foundation
import NurtureCore

/// `--at ISO8601`: the moment a command plans for. The wall clock is read once, here, when absent.
struct ClockOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Plan as of this time (ISO 8601 with offset) instead of now.", valueName: "time"))
    var at: String?

    func now() throws -> Date { try Self.time(at, option: "--at") }

    /// The time `text` names, or the wall clock when it is nil.
    static func time(_ text: String?, option: String) throws -> Date {
        guard let text else { return Date() }
        guard let date = Timestamp.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not an ISO 8601 time with an offset, e.g. 2026-11-23T09:00:00Z")
        }
        return date
    }
}
