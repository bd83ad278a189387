/// A problem with a whole input file: it cannot be opened, or its shape is wrong. A bad row is not
/// one of these but a `RowRejection`.
public struct ImportFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it (tests, exit codes).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let missing = Code(rawValue: "missing")
        public static let unreadable = Code(rawValue: "unreadable")
        public static let noHeader = Code(rawValue: "no_header")
        public static let noEmailColumn = Code(rawValue: "no_email_column")
        public static let missingColumn = Code(rawValue: "missing_column")
        public static let duplicateColumn = Code(rawValue: "duplicate_column")
        public static let unsupportedFormat = Code(rawValue: "unsupported_format")
    }

    public let code: Code
    public let path: String
    /// 1-based line, when the problem has one.
    public let line: Int?
    public let message: String

    public init(_ code: Code, path: String, line: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, on one line.
    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(message)"
    }
}

extension ImportFileError {
    static func missing(_ path: String) -> ImportFileError {
        ImportFileError(.missing, path: path, message: "no such file")
    }

    static func unreadable(_ path: String, line: Int? = nil, _ detail: String) -> ImportFileError {
        ImportFileError(.unreadable, path: path, line: line, message: "cannot read the file: \(detail)")
    }

    static func noHeader(_ path: String) -> ImportFileError {
        ImportFileError(.noHeader, path: path, message: "the file is empty: a header row is required")
    }
}
