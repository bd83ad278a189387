import NurtureCore
import NurtureImport

/// `nurture suppression list` output: an aligned table, CSV with a header row, or JSON Lines. Contact data
/// is hostile: the table shows control characters as escapes, CSV quotes them, JSON escapes them.
public enum SuppressionListWriter {
    public static func write(_ suppressions: [Suppression], format: SuppressionListFormat, to output: some TextOutput) throws {
        switch format {
        case .text: writeText(suppressions, to: output)
        case .csv: try writeCSV(suppressions, to: output)
        case .json: try writeJSON(suppressions, to: output)
        }
    }

    static func writeText(_ suppressions: [Suppression], to output: some TextOutput) {
        let header = ["EMAIL", "SCOPE", "CAUSE", "SINCE", "DETAIL"]
        let rows = suppressions.map { suppression in
            [suppression.email.value, suppression.campaign.map(\.debugSafe) ?? "everything", suppression.cause.rawValue,
             ReasonDate.format(suppression.at), suppression.detail.debugSafe]
        }
        AlignedTable.write(header: header, rows: rows, to: output)
        output.line()
        output.line("\(suppressions.count) suppression\(suppressions.count == 1 ? "" : "s")")
    }

    static func writeCSV(_ suppressions: [Suppression], to output: some TextOutput) throws {
        output.line(try CSVText.row(["email", "campaign", "cause", "at", "detail"]))
        for suppression in suppressions {
            output.line(try CSVText.row([
                suppression.email.value, suppression.campaign ?? "", suppression.cause.rawValue,
                Timestamp.format(suppression.at), suppression.detail,
            ]))
        }
    }

    static func writeJSON(_ suppressions: [Suppression], to output: some TextOutput) throws {
        for suppression in suppressions {
            output.line(try JSONLine([
                ("email", .string(suppression.email.value)),
                ("campaign", .string(suppression.campaign)),
                ("cause", .string(suppression.cause.rawValue)),
                ("at", .string(Timestamp.format(suppression.at))),
                ("detail", .string(suppression.detail)),
            ]).text())
        }
    }
}
