/// Rows as lines of text with every column but the last padded to its widest cell (two spaces between);
/// the last column is not padded (it holds the long text: a reason, a detail).
enum AlignedTable {
    static func lines(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count, columns > 0 else { return [] }
        let widths = (0..<columns - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column < widths.count ? cell + String(repeating: " ", count: widths[column] - cell.count + 2) : cell
            }
            return line
        }
    }

    static func write(header: [String], rows: [[String]], to output: some TextOutput) {
        for line in lines([header] + rows) { output.line(line) }
    }
}
