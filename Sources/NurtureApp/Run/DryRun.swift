import Foundation
import NurtureCore

/// `nurture run --dry-run`: every message that is due, rendered as the run would, listed with its
/// subject, and what the ledger would resume; nothing sent, nothing written.
public struct DryRun {
    public let store: any NurtureStore
    public let composers: [MessageComposer]

    public init(store: any NurtureStore, composers: [MessageComposer]) {
        self.store = store
        self.composers = composers
    }

    /// Writes the report to `output`; returns whether any message was composed.
    @discardableResult
    public func report(now: Date, only: EmailAddress?, limit: Int?, to output: any TextOutput) throws -> Bool {
        let planning = CampaignPlanning(store: store, campaigns: composers.map(\.campaign))
        let byName = Dictionary(uniqueKeysWithValues: composers.map { ($0.campaign.name, $0) })
        let several = composers.count > 1
        let report = try RunRehearsal(planning: planning, composers: byName).run(now: now, only: only, limit: limit) { message, _ in
            let prefix = several ? "\(message.campaign)/" : ""
            output.line("would send \(prefix)\(message.send.step) to \(message.envelope.recipient): \(message.rendered.subject)")
            return nil
        }
        for line in report.lines { output.line(line) }
        if let ledger = store as? any SendLedger {
            var retries: [LedgerEntry] = []
            var inFlight: [LedgerEntry] = []
            for composer in composers {
                retries += try ledger.resumable(campaign: composer.campaign.name, contact: only, now: now, limit: 100_000)
                inFlight += try ledger.entries(LedgerQuery(campaign: composer.campaign.name, contact: only, states: [.sending]))
            }
            if !retries.isEmpty { output.line("\(retries.count) earlier message\(retries.count == 1 ? "" : "s") pending or due for retry would be sent first") }
            if !inFlight.isEmpty { output.line("\(inFlight.count) message\(inFlight.count == 1 ? "" : "s") of an interrupted run would be marked unknown") }
        }
        output.line("dry run: nothing was sent and nothing was recorded")
        return report.rendered > 0
    }
}
