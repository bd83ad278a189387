import Foundation
import NurtureCore

/// `nurture ledger` output: an aligned table, or JSON Lines.
public enum LedgerTable {
    public static func write(_ entries: [LedgerEntry], to output: some TextOutput) {
        let header = ["ID", "CONTACT", "CAMPAIGN", "STEP", "CONTENT", "STATE", "TRIES", "UPDATED", "REPLY"]
        let rows = entries.map { entry in
            [String(entry.id), entry.email.value, entry.campaign, entry.step, entry.content ?? "-", entry.state.rawValue,
             String(entry.attempts), ReasonDate.format(entry.updatedAt), entry.lastReply?.debugSafe ?? "-"]
        }
        let all = [header] + rows
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column < widths.count ? cell + String(repeating: " ", count: widths[column] - cell.count + 2) : cell
            }
            output.line(line)
        }
        output.line()
        output.line("\(entries.count) entr\(entries.count == 1 ? "y" : "ies")")
    }

    public static func writeJSON(_ entries: [LedgerEntry], to output: some TextOutput) throws {
        for entry in entries {
            output.line(try JSONLine([
                ("id", .int(Int(entry.id))),
                ("contact", .string(entry.email.value)),
                ("campaign", .string(entry.campaign)),
                ("step", .string(entry.step)),
                ("content", .string(entry.content)),
                ("state", .string(entry.state.rawValue)),
                ("attempts", .int(entry.attempts)),
                ("message_id", .string(entry.messageID)),
                ("updated_at", .string(Timestamp.format(entry.updatedAt))),
                ("sent_at", .string(entry.sentAt.map(Timestamp.format))),
                ("reply", .string(entry.lastReply)),
            ]).text())
        }
    }
}
