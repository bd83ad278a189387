import Foundation

/// The rows of a CSV file, streamed, each with the 1-based physical line it starts on. Fully blank
/// lines are skipped. Line numbers stay right after quoted fields holding line breaks: a row takes
/// one line plus the line breaks inside its fields (`CSVFieldReader` keeps them and eats the row's own).
/// Rows whose cells are all empty are skipped too. The bytes are checked on the way in for what the
/// reading would misread (`CSVQuotingCheck`); such a row comes with the reason it cannot be trusted.
struct CSVRowReader {
    let path: String
    private let reader: CSVFieldReader
    private var nextLine = 1
    /// The line whose row a bare CR split, while the rest of it is still to come.
    private var splitLine: Int?

    init(path: String) throws(ImportFileError) {
        try InputFile.requireReadable(path)
        let opened: CSVFieldReader?
        do {
            opened = try CSVFieldReader(path: path)
        } catch {
            // As CSV.swift said of a failed first read.
            throw .unreadable(path, "read error")
        }
        guard let opened else { throw .unreadable(path, "cannot open it") }
        reader = opened
        self.path = path
    }

    /// The next row that holds anything, with the line it starts on and, when CSV.swift misread it (see
    /// `CSVQuotingCheck`), why it cannot be trusted.
    mutating func next() throws(ImportFileError) -> (line: Int, fields: [String], problem: String?)? {
        while true {
            let line = nextLine
            let fields = reader.next()
            if let failure = reader.failure {
                throw .unreadable(path, line: line, Self.describe(failure))
            }
            guard let fields else { return nil }
            let breaks = fields.reduce(0) { $0 + InputFile.lineBreaks(in: $1) }
            nextLine += 1 + breaks
            let found = reader.take(lines: line, through: line + breaks)
            var problem = found.map { Self.describe($0.problem, at: $0.line, row: line, breaks: breaks, fields: fields) }
            if let split = splitLine {
                problem = "this is the rest of the row on line \(split) after a carriage return (CR) without a line feed; quote the field or remove the CR, and import again"
                splitLine = nil
            }
            if let found, found.problem == .bareCarriageReturn {
                nextLine -= 1                            // the rest of this line is read as another row
                splitLine = found.line
            }
            // A blank line, or a row of empty cells (",,,," as spreadsheets export them).
            if problem == nil, fields.allSatisfy({ $0.trimmingASCIIWhitespace().isEmpty }) { continue }
            return (line, fields, problem)
        }
    }

    /// `breaks`: the line breaks inside the row's fields.
    static func describe(_ problem: CSVQuotingCheck.Problem, at problemLine: Int, row line: Int, breaks: Int, fields: [String]) -> String {
        switch problem {
        case .textAfterClosingQuote:
            // A run-on to the end of the file also took the file's last line break.
            let trailing = fields.last.map { $0.hasSuffix("\n") || $0.hasSuffix("\r") } == true ? 1 : 0
            let breaks = breaks - trailing
            let place = problemLine == line ? "" : " (line \(problemLine))"
            guard breaks > 0 else {
                return "a quoted field has text after its closing quote\(place): a quote inside a quoted field is written \"\"; fix the quoting and import again"
            }
            let swallowed = breaks == 1 ? "line \(line + 1)" : "lines \(line + 1)–\(line + breaks)"
            return "a quote in a field is not doubled (write \"\" inside a quoted field), so the field ran on and swallowed \(swallowed); fix the quoting and import again"
        case .bareCarriageReturn:
            return "a carriage return (CR) without a line feed outside quotes splits this row in two; quote the field or remove the CR, and import again"
        }
    }

    static func describe(_ failure: CSVFieldReader.Failure) -> String {
        switch failure {
        case .invalidUTF8: return "it is not valid UTF-8"
        case let .readError(reason): return "read error (\(reason))"
        }
    }
}
