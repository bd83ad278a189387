import CSV
import Foundation
import NurtureCore

/// Rows of CSV output (RFC 4180, LF line ends), written by CSV.swift's `CSVWriter`: a field with a quote,
/// a comma or a line break is quoted, and so is one with any other control character or U+2028/U+2029,
/// so that hostile data never breaks a row, whatever reads it.
public enum CSVText {
    /// One row, without its line end.
    public static func row(_ fields: [String]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: fields, quotedAtIndex: { fields[$0].containsLineBreakOrControl })
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
