import Foundation
import NurtureCore

/// `nurture preview`: renders every message that is due as the exact `.eml` bytes that would be sent,
/// plus `index.html` to look at them. Sends nothing and changes nothing in the store.
public struct PreviewService {
    public let planning: CampaignPlanning
    /// One composer per campaign, by campaign name.
    public let composers: [String: MessageComposer]

    public init(planning: CampaignPlanning, composer: MessageComposer) {
        self.init(planning: planning, composers: [composer])
    }

    /// Several campaigns previewed together, paced as `run` would send them.
    public init(planning: CampaignPlanning, composers: [MessageComposer]) {
        self.planning = planning
        self.composers = Dictionary(composers.map { ($0.campaign.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public typealias Report = RunRehearsal.Report

    public func run(now: Date, only: EmailAddress?, outputDirectory: String) throws -> Report {
        let fm = FileManager.default
        // Check what can be checked before the earlier preview is cleared away.
        if let only, try planning.store.contact(email: only) == nil { throw NurtureError("no contact \(only) in the store") }
        do {
            try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw NurtureError("cannot create \(outputDirectory): \(error.localizedDescription)")
        }
        // Stale files from an earlier preview would be mistaken for this one's; but only what nurture wrote
        // (listed in the marker file) is ever removed, and a folder holding anything else is refused.
        let marker = (outputDirectory as NSString).appendingPathComponent(Self.markerFile)
        let present = ((try? fm.contentsOfDirectory(atPath: outputDirectory)) ?? []).filter { !$0.hasPrefix(".") || $0 == Self.markerFile }
        if !present.isEmpty {
            guard let listed = try? String(contentsOfFile: marker, encoding: .utf8) else {
                throw NurtureError("\(outputDirectory) is not empty and holds no earlier preview (no \(Self.markerFile)): choose a new or empty folder; nothing in it was touched")
            }
            for name in listed.split(separator: "\n").map(String.init) where Self.isPreviewFileName(name) {
                try? fm.removeItem(atPath: (outputDirectory as NSString).appendingPathComponent(name))
            }
        }
        var written: [String] = ["index.html"]
        let index = try PreviewIndexWriter(path: (outputDirectory as NSString).appendingPathComponent("index.html"), campaigns: planning.campaigns.map(\.name), at: now)
        let several = planning.campaigns.count > 1
        let report = try RunRehearsal(planning: planning, composers: composers).run(now: now, only: only, limit: nil) { message, number in
            let campaign = several ? "-\(Self.fileSafe(message.campaign))" : ""
            let name = String(format: "%04d", number) + "\(campaign)-\(message.send.step)-\(Self.fileSafe(message.contact.email.value)).eml"
            let path = (outputDirectory as NSString).appendingPathComponent(name)
            guard fm.createFile(atPath: path, contents: Data(message.bytes)) else { throw NurtureError("cannot write \(path)") }
            written.append(name)
            index.add(number: number, file: name, message: message, standing: message.standing)
            return path
        }
        index.finish(summary: report.lines, skipped: report.skipped)
        guard fm.createFile(atPath: marker, contents: Data((written.joined(separator: "\n") + "\n").utf8)) else {
            throw NurtureError("cannot write \(marker)")
        }
        return report
    }

    /// The file listing what the last preview wrote in its folder: the only files a later preview removes.
    public static let markerFile = ".nurture-preview"

    /// A name the marker may list: a plain file name of a preview (no path, no `..`).
    static func isPreviewFileName(_ name: String) -> Bool {
        (name == "index.html" || name.hasSuffix(".eml")) && !name.contains("/") && !name.hasPrefix(".")
    }

    /// An address as a file name part: letters, digits, `@`, `.`, `-`, `_`; anything else `_`.
    static func fileSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || "@.-_".unicodeScalars.contains(scalar)
            return ok ? Character(scalar) : "_"
        })
    }
}
