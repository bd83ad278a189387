/// A template set that cannot be loaded: a syntax error, an unknown partial, a misnamed file.
/// One line: `templates/x.text.mustache:3: unclosed section 'first_name'`.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as the directory was given plus the file's relative path.
    public var file: String
    /// 1-based; `nil` when the error is about the file or directory as a whole.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
