import Foundation

/// The conformance material in `../shared/conformance/` (beside the project, in CI too): read at test
/// time, never copied into the project.
public enum Conformance {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../shared/conformance").standardizedFileURL

    /// The rows of a TSV file below `directory`, header dropped, each split on tabs.
    public static func tsv(_ path: String) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
