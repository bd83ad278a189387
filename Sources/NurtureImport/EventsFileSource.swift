import NurtureCore

/// The events of a file, one `EventRecord` per row, streamed. The extension picks the format:
/// `.csv` (a header row with `email`, `type` and `at` columns) or `.jsonl` (one JSON object a line).
///
/// Fields: `email`, `type` (an `EventType` raw value), `at` (ISO 8601 with `Z` or an offset),
/// optional `content`; every other field with a value goes into the event's `properties`. In JSON
/// Lines, numbers and booleans become their JSON text, and arrays and objects compact JSON text
/// (keys sorted); `null` is no value.
public struct EventsFileSource: RowSource {
    public typealias Record = EventRecord

    private enum Reader {
        case csv(EventsCSVReader)
        case jsonLines(EventsJSONLinesReader)
    }

    public let path: String
    private var reader: Reader

    public init(path: String, addressPolicy: EmailAddress.Policy = .standard) throws(ImportFileError) {
        self.path = path
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let fileExtension = name.contains(".") ? String(name.split(separator: ".").last!).lowercased() : ""
        switch fileExtension {
        case "csv": reader = .csv(try EventsCSVReader(path: path, addressPolicy: addressPolicy))
        case "jsonl": reader = .jsonLines(try EventsJSONLinesReader(path: path, addressPolicy: addressPolicy))
        default:
            throw ImportFileError(
                .unsupportedFormat, path: path,
                message: "unknown events file format: the name must end in .csv or .jsonl")
        }
    }

    public mutating func next() throws(ImportFileError) -> ImportRow<EventRecord>? {
        let row: (line: Int, result: Result<EventRecord, RejectionReason>)?
        switch reader {
        case var .csv(csv):
            row = try csv.next()
            reader = .csv(csv)
        case var .jsonLines(lines):
            row = try lines.next()
            reader = .jsonLines(lines)
        }
        guard let row else { return nil }
        switch row.result {
        case let .success(record): return ImportRow(line: row.line, record: record)
        case let .failure(reason): return ImportRow(line: row.line, rejection: reason.text)
        }
    }
}

/// Events from a CSV file with a header row.
struct EventsCSVReader {
    private var rows: CSVRowReader
    private let header: CSVHeader
    private var addresses: RecentAddress

    init(path: String, addressPolicy: EmailAddress.Policy) throws(ImportFileError) {
        addresses = RecentAddress(policy: addressPolicy)
        rows = try CSVRowReader(path: path)
        guard let first = try rows.next() else { throw .noHeader(path) }
        if let problem = first.problem { throw .unreadable(path, line: first.line, problem) }
        header = try CSVHeader(fields: first.fields, path: path, line: first.line)
        _ = try header.require("email", code: .noEmailColumn, path: path, line: first.line)
        _ = try header.require("type", code: .missingColumn, path: path, line: first.line)
        _ = try header.require("at", code: .missingColumn, path: path, line: first.line)
    }

    mutating func next() throws(ImportFileError) -> (line: Int, result: Result<EventRecord, RejectionReason>)? {
        guard let (line, cells, problem) = try rows.next() else { return nil }
        if let problem { return (line, .failure(RejectionReason(problem))) }
        guard cells.count == header.count else {
            return (line, .failure(RejectionReason("expected \(header.count) fields as in the header, found \(cells.count)")))
        }
        var fields = [String: String](minimumCapacity: header.count)
        for (position, name) in header.names.enumerated() where !name.isEmpty {
            fields[name] = cells[position]
        }
        return (line, EventRowParser.parse(fields, addresses: &addresses))
    }
}
