/// A bad SMTP setting: what is wrong and where it came from (an environment variable, a file, a field).
public struct SMTPConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let place: String

    public init(_ message: String, place: String) {
        self.message = message
        self.place = place
    }

    public var description: String { "\(place): \(message)" }
}
