import NurtureCore

/// The contacts of a CSV file, one `ContactRecord` per row, streamed.
///
/// A header row is required, with an `email` column. Known columns: `first_name`, `last_name`,
/// `company`, `job_title`, `stage`, `interests` (`;`-separated), `timezone` (IANA name), `score`
/// (integer). Every other named column is a custom field. An empty cell gives no value.
public struct ContactsCSVSource: RowSource {
    public typealias Record = ContactRecord

    public let path: String
    private var rows: CSVRowReader
    private var parser: ContactRowParser

    /// `knownStages`: the stages a row may name (the campaigns' ladders); a row with another is rejected.
    public init(path: String, addressPolicy: EmailAddress.Policy = .standard, knownStages: [Stage]? = nil) throws(ImportFileError) {
        self.path = path
        rows = try CSVRowReader(path: path)
        guard let first = try rows.next() else { throw .noHeader(path) }
        if let problem = first.problem { throw .unreadable(path, line: first.line, problem) }
        let header = try CSVHeader(fields: first.fields, path: path, line: first.line)
        _ = try header.require("email", code: .noEmailColumn, path: path, line: first.line)
        parser = ContactRowParser(header: header, addressPolicy: addressPolicy, knownStages: knownStages)
    }

    public mutating func next() throws(ImportFileError) -> ImportRow<ContactRecord>? {
        guard let (line, fields, problem) = try rows.next() else { return nil }
        if let problem { return ImportRow(line: line, rejection: problem) }
        switch parser.parse(fields) {
        case let .success(record): return ImportRow(line: line, record: record)
        case let .failure(reason): return ImportRow(line: line, rejection: reason.text)
        }
    }
}
