/// Rows of cells as text columns, each as wide as its widest cell plus two spaces; the last column is
/// not padded (it holds the long text: a reason, a detail).
enum AlignedTable {
    static func write(header: [String], rows: [[String]], to output: some TextOutput) {
        let all = [header] + rows
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column < widths.count ? cell + String(repeating: " ", count: widths[column] - cell.count + 2) : cell
            }
            output.line(line)
        }
    }
}
