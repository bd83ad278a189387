import CSV
import Foundation
import NurtureCore

/// Rows as CSV text for a spreadsheet (RFC 4180 quoting by CSV.swift's `CSVWriter`, CRLF line ends).
/// A cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) gets a leading `'`
/// unless it is a number: contact data is hostile, and opening the file must not run it. A cell with any
/// control character or U+2028/U+2029 is quoted, whatever reads the file.
public struct CSVTableWriter {
    public init() {}

    /// The rows as one CSV text, each ending with CRLF.
    public func text(_ rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows {
            let cells = row.map(Self.defused)
            try writer.write(row: cells, quotedAtIndex: { cells[$0].containsLineBreakOrControl })
        }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return rows.isEmpty ? "" : String(decoding: data, as: UTF8.self) + "\r\n"
    }

    static func defused(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(cell) == nil else { return cell }
        return "'" + cell
    }
}
