import CSV
import Foundation

/// The rows of a CSV file, streamed, each with the 1-based physical line it starts on. Fully blank
/// lines are skipped. Line numbers stay right after quoted fields holding line breaks: a row takes
/// one line plus the line breaks inside its fields (CSV.swift keeps them and eats the row's own).
/// Rows whose cells are all empty are skipped too.
struct CSVRowReader {
    let path: String
    private let reader: CSVReader
    private var nextLine = 1

    init(path: String) throws(ImportFileError) {
        try InputFile.requireReadable(path)
        guard let stream = InputStream(fileAtPath: path) else { throw .unreadable(path, "cannot open it") }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false)
        } catch {
            throw .unreadable(path, Self.describe(error))
        }
        self.path = path
    }

    mutating func next() throws(ImportFileError) -> (line: Int, fields: [String])? {
        while true {
            let line = nextLine
            let fields = reader.next()
            if let error = reader.error, !Self.isEndOfFile(error) {
                throw .unreadable(path, line: line, Self.describe(error))
            }
            guard let fields else { return nil }
            nextLine += 1 + fields.reduce(0) { $0 + InputFile.lineBreaks(in: $1) }
            // A blank line, or a row of empty cells (",,,," as spreadsheets export them).
            if fields.allSatisfy({ $0.trimmingASCIIWhitespace().isEmpty }) { continue }
            return (line, fields)
        }
    }

    /// Why a row cannot be trusted, if it cannot: a quote that closes a field and is followed by more text
    /// (`"pricing" page`) makes CSV.swift read on, across line breaks, to the next quote, swallowing the
    /// rows in between into one field. A field holding both a line break and a quote is taken for that:
    /// the row is rejected, naming the lines it swallowed, rather than imported with the wrong data.
    static func malformedQuoting(_ fields: [String], line: Int) -> String? {
        for field in fields where field.utf8.contains(UInt8(ascii: "\"")) {
            // A run-on to the end of the file also took the file's last line break.
            let trailing = field.hasSuffix("\n") || field.hasSuffix("\r") ? 1 : 0
            let breaks = InputFile.lineBreaks(in: field) - trailing
            guard breaks > 0 else { continue }
            let swallowed = breaks == 1 ? "line \(line + 1)" : "lines \(line + 1)–\(line + breaks)"
            return "a quote in a field is not doubled (write \"\" inside a quoted field), so the field ran on and swallowed \(swallowed); fix the quoting and import again"
        }
        return nil
    }

    /// CSV.swift reports the end of a file stream as `cannotReadFile` (its last read returns 0 bytes);
    /// a real read failure is `streamErrorHasOccurred`.
    static func isEndOfFile(_ error: any Error) -> Bool {
        if case .cannotReadFile? = error as? CSVError { return true }
        return false
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? CSVError else { return "\(error)" }
        switch error {
        case .cannotOpenFile: return "cannot open it"
        case .cannotReadFile: return "read error"
        case let .streamErrorHasOccurred(underlying): return "read error (\(underlying.localizedDescription))"
        case .unicodeDecoding: return "it is not valid UTF-8"
        case .cannotReadHeaderRow: return "no header row"
        case .stringEncodingMismatch, .stringEndianMismatch: return "unsupported text encoding (use UTF-8)"
        case .cannotWriteStream: return "write error"
        }
    }
}
