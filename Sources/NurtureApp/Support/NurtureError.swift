/// An error the user sees: one line saying what and where. The CLI prints `nurture: <message>` and exits non-zero.
public struct NurtureError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
