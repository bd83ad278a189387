import Foundation
import NurtureCore

/// `nurture preview`: renders every message that is due as the exact `.eml` bytes that would be sent,
/// plus `index.html` to look at them. Sends nothing and changes nothing in the store.
public struct PreviewService {
    public let planning: CampaignPlanning
    public let composer: MessageComposer

    public init(planning: CampaignPlanning, composer: MessageComposer) {
        self.planning = planning
        self.composer = composer
    }

    public struct Report: Sendable {
        public var written: [String] = []
        public var perStep: [String: Int] = [:]
        /// Contacts with a due message that could not be composed, and why.
        public var skipped: [(contact: String, reason: String)] = []
        public var plans = PlanSummary()

        /// Lines for people: counts per step, skipped contacts with reasons, the plan's other decisions.
        public var lines: [String] {
            var out = ["\(written.count) message\(written.count == 1 ? "" : "s") rendered"
                + (perStep.isEmpty ? "" : " (" + perStep.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")]
            if !skipped.isEmpty {
                out.append("\(skipped.count) skipped:")
                out += skipped.map { "  \($0.contact): \($0.reason)" }
            }
            out.append("plan: " + plans.line)
            return out
        }
    }

    public func run(now: Date, only: EmailAddress?, outputDirectory: String) throws -> Report {
        let fm = FileManager.default
        // Check what can be checked before the earlier preview is cleared away.
        if let only, try planning.store.contact(email: only) == nil { throw NurtureError("no contact \(only) in the store") }
        do {
            try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw NurtureError("cannot create \(outputDirectory): \(error.localizedDescription)")
        }
        // Stale files from an earlier preview would be mistaken for this one's.
        for name in (try? fm.contentsOfDirectory(atPath: outputDirectory)) ?? [] where name.hasSuffix(".eml") {
            try? fm.removeItem(atPath: (outputDirectory as NSString).appendingPathComponent(name))
        }
        let index = try PreviewIndexWriter(path: (outputDirectory as NSString).appendingPathComponent("index.html"), campaign: composer.campaign, at: now)
        var report = Report()
        try planning.forEachPlan(now: now, only: only) { plan, history in
            report.plans.add(plan.decision)
            guard case let .send(send) = plan.decision else { return }
            do {
                let message = try composer.compose(send, for: history, date: now)
                let number = report.written.count + 1
                let name = String(format: "%04d", number) + "-\(send.step)-\(Self.fileSafe(plan.contact.email.value)).eml"
                let path = (outputDirectory as NSString).appendingPathComponent(name)
                guard fm.createFile(atPath: path, contents: Data(message.bytes)) else { throw NurtureError("cannot write \(path)") }
                index.add(number: number, file: name, message: message)
                report.written.append(path)
                report.perStep[send.step, default: 0] += 1
            } catch let error as ComposeError {
                report.skipped.append((plan.contact.email.value, error.description))
            }
        }
        index.finish(summary: report.lines, skipped: report.skipped)
        return report
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
