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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for entry in entries {
            let row = Row(id: entry.id, contact: entry.email.value, campaign: entry.campaign, step: entry.step, content: entry.content,
                          state: entry.state.rawValue, attempts: entry.attempts, message_id: entry.messageID,
                          updated_at: Timestamp.format(entry.updatedAt), sent_at: entry.sentAt.map(Timestamp.format), reply: entry.lastReply)
            output.line(String(decoding: try encoder.encode(row), as: UTF8.self))
        }
    }

    struct Row: Encodable {
        let id: Int64
        let contact: String
        let campaign: String
        let step: String
        let content: String?
        let state: String
        let attempts: Int
        let message_id: String?
        let updated_at: String
        let sent_at: String?
        let reply: String?
    }
}
