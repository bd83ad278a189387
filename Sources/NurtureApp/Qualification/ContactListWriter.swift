import Foundation
import NurtureCore
import NurtureImport

/// How `nurture contacts` prints: an aligned table, JSON Lines, or CSV for a spreadsheet.
public enum ContactListFormat: String, CaseIterable, Sendable {
    case text
    case json
    case csv
}

/// `nurture contacts`: the priority list, highest score first, with the top rules and the last signal.
public struct ContactListWriter {
    public let format: ContactListFormat

    public init(format: ContactListFormat) { self.format = format }

    static let header = ["email", "name", "company", "stage", "score", "band", "top_rules", "last_signal"]

    public func write(_ entries: [ContactListEntry], to output: some TextOutput) throws {
        switch format {
        case .csv:
            output.write(try CSVTableWriter().text([Self.header] + entries.map(cells)))
        case .json:
            for entry in entries {
                output.line(try JSONLine(zip(Self.header, cells(entry)).map { name, value in
                    name == "score" ? (name, .int(entry.qualification.score)) : (name, .string(value.isEmpty ? nil : value))
                }).text())
            }
        case .text:
            let rows = [Self.header.map { $0.uppercased() }] + entries.map { cells($0).map(\.printable) }
            for line in AlignedTable.lines(rows) { output.line(line) }
            output.line()
            output.line("\(entries.count) contact\(entries.count == 1 ? "" : "s")")
        }
    }

    private func cells(_ entry: ContactListEntry) -> [String] {
        let contact = entry.contact
        let standing = entry.qualification.standing
        return [
            contact.email.value,
            [contact.firstName, contact.lastName].compactMap { $0 }.joined(separator: " "),
            contact.company ?? "",
            standing.stage?.name ?? "",
            String(standing.score),
            standing.band ?? "",
            entry.topRules().joined(separator: "; "),
            entry.lastSignal?.summary ?? "",
        ]
    }
}
