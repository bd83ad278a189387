/// A problem in a file the user wrote, and where: shown as `file:line: message`, the form editors and
/// CI logs link to. Campaign files and templates report theirs this way.
public struct FileProblem: Error, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    /// 1-based.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }

    public static func < (lhs: FileProblem, rhs: FileProblem) -> Bool {
        (lhs.file, lhs.line, lhs.message) < (rhs.file, rhs.line, rhs.message)
    }
}
