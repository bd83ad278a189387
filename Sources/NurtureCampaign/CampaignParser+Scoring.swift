import Foundation
import NurtureCore

/// The campaign's `scoring:` key: the scoring file it names, relative to the campaign file's folder as
/// `templates:` is, read and checked against the campaign's ladder. Its problems carry its own name.
extension CampaignParser {
    func parseScoring(ladder: StageLadder) -> ScoringRules? {
        guard let name = root.string("scoring") else { return nil }
        let directory = (file as NSString).deletingLastPathComponent
        let shown = Self.lexicallyJoined(name.hasPrefix("/") ? "" : directory, name)
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            problems.add(at: root.line(of: "scoring"), "no scoring file \(shown) (the path is relative to the campaign file's folder)")
            return nil
        }
        let (rules, found) = ScoringParser.load(path: path, shownAs: shown, ladder: ladder)
        scoringProblems = found
        return rules
    }

    /// `campaigns/../scoring/default.yaml` as `scoring/default.yaml`: `..` and `.` resolved without the file system.
    static func lexicallyJoined(_ directory: String, _ name: String) -> String {
        let absolute = (directory.isEmpty ? name : directory).hasPrefix("/")
        var parts: [Substring] = []
        for part in (directory.isEmpty ? name : "\(directory)/\(name)").split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}
