/// Something `nurture validate` reports about a template: a variable nothing provides, a missing part,
/// unescaped HTML output, a footer without the unsubscribe link. Shown as `file:line: message`.
public struct TemplateProblem: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }

    public static func < (lhs: TemplateProblem, rhs: TemplateProblem) -> Bool {
        (lhs.file, lhs.line, lhs.message) < (rhs.file, rhs.line, rhs.message)
    }
}
