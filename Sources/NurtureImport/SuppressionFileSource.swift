import NurtureCore

/// The addresses of a suppression list exported from another email service, one `EmailAddress` per
/// row, streamed.
///
/// Two shapes, told apart by the first line that holds anything: a plain list (one address a line;
/// blank lines and `#` comments skipped) when that line is an address alone, else a CSV file with a
/// header row naming the address column (`email`, `email address`, `email_address`, `e-mail`,
/// `address` or `recipient`, in any case; other columns are ignored).
public struct SuppressionFileSource: RowSource {
    public typealias Record = EmailAddress

    /// The header names taken for the address column, in order of preference.
    static let emailColumns = ["email", "email address", "email_address", "e-mail", "address", "recipient"]

    private enum Reader {
        case plain(LineReader)
        case csv(CSVRowReader, column: Int, width: Int)
    }

    public let path: String
    private let addressPolicy: EmailAddress.Policy
    private var reader: Reader

    public init(path: String, addressPolicy: EmailAddress.Policy = .standard) throws(ImportFileError) {
        self.path = path
        self.addressPolicy = addressPolicy
        var lines = try LineReader(path: path)
        var first: String?
        while let line = try lines.next() {
            let text = String(decoding: line.bytes, as: UTF8.self).trimmingASCIIWhitespace()
            if line.overlong || !(text.isEmpty || text.hasPrefix("#")) {
                first = line.overlong ? "" : text
                break
            }
        }
        guard let first else {
            throw ImportFileError(.noHeader, path: path, message: "the file is empty: expected one address a line, or a CSV file with an email column")
        }
        if Self.isLoneAddress(first, policy: addressPolicy) {
            reader = .plain(try LineReader(path: path))
            return
        }
        var rows = try CSVRowReader(path: path)
        guard let header = try rows.next() else { throw .noHeader(path) }
        if let problem = header.problem { throw .unreadable(path, line: header.line, problem) }
        let names = try CSVHeader(fields: header.fields, path: path, line: header.line)
        guard let column = Self.emailColumns.lazy.compactMap({ names.position(of: $0) }).first else {
            throw ImportFileError(
                .noEmailColumn, path: path, line: header.line,
                message: "the first line is neither an address nor a CSV header with an email column (one of: \(Self.emailColumns.joined(separator: ", ")))")
        }
        reader = .csv(rows, column: column, width: names.count)
    }

    public mutating func next() throws(ImportFileError) -> ImportRow<EmailAddress>? {
        switch reader {
        case var .plain(lines):
            defer { reader = .plain(lines) }
            while let line = try lines.next() {
                if line.overlong { return ImportRow(line: line.number, rejection: "the line is too long to be an address") }
                let text = String(decoding: line.bytes, as: UTF8.self).trimmingASCIIWhitespace()
                if text.isEmpty || text.hasPrefix("#") { continue }
                return row(text, line: line.number)
            }
            return nil
        case .csv(var rows, let column, let width):
            defer { reader = .csv(rows, column: column, width: width) }
            guard let (line, fields, problem) = try rows.next() else { return nil }
            if let problem { return ImportRow(line: line, rejection: problem) }
            guard fields.count == width else {
                return ImportRow(line: line, rejection: "expected \(width) fields as in the header, found \(fields.count)")
            }
            return row(fields[column].trimmingASCIIWhitespace(), line: line)
        }
    }

    private func row(_ text: String, line: Int) -> ImportRow<EmailAddress> {
        do {
            return ImportRow(line: line, record: try EmailAddress(text, policy: addressPolicy))
        } catch {
            return ImportRow(line: line, rejection: error.description)
        }
    }

    /// A line that is one address and nothing else (no separator a CSV row would have).
    static func isLoneAddress(_ text: String, policy: EmailAddress.Policy) -> Bool {
        guard !text.contains(","), !text.contains(";"), !text.contains("\t"), !text.contains("\"") else { return false }
        // Reserved domains are a policy question for the rows, not a question of shape.
        var shapeOnly = policy
        shapeOnly.allowsReservedTopLevelDomains = true
        return (try? EmailAddress(text, policy: shapeOnly)) != nil
    }
}
