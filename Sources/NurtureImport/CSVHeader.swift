/// The header row of a CSV file: column names trimmed and lower-cased, each at most once.
struct CSVHeader {
    let names: [String]
    private let positions: [String: Int]

    init(fields: [String], path: String, line: Int) throws(ImportFileError) {
        var names: [String] = []
        var positions: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            let name = field.trimmingASCIIWhitespace().lowercased()
            names.append(name)
            // A column with no name (a trailing comma in a spreadsheet export) is ignored.
            guard !name.isEmpty else { continue }
            if let first = positions[name] {
                throw ImportFileError(
                    .duplicateColumn, path: path, line: line,
                    message: "column '\(name.debugSafe)' appears twice in the header (columns \(first + 1) and \(index + 1))")
            }
            positions[name] = index
        }
        self.names = names
        self.positions = positions
    }

    var count: Int { names.count }

    func position(of name: String) -> Int? { positions[name] }

    /// Requires a column, or throws `code` naming it.
    func require(_ name: String, code: ImportFileError.Code, path: String, line: Int) throws(ImportFileError) -> Int {
        guard let position = positions[name] else {
            throw ImportFileError(code, path: path, line: line, message: "the header has no '\(name)' column")
        }
        return position
    }
}
