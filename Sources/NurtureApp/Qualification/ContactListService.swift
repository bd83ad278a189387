import Foundation
import NurtureCore

/// One row of the sales team's priority list (`nurture contacts`).
public struct ContactListEntry: Sendable {
    public var contact: Contact
    public var qualification: Qualification
    /// The most recent event up to the moment of the list.
    public var lastSignal: ContactEvent?

    /// The rules that give most, as `pricing-page +20`.
    public func topRules(_ count: Int = 3) -> [String] {
        qualification.rules.prefix(count).map { "\($0.rule) \(PointsText.signed($0.points))" }
    }
}

/// Qualifies every stored contact at a moment and lists them highest score first (then by address).
public struct ContactListService {
    public let planning: CampaignPlanning

    public init(planning: CampaignPlanning) { self.planning = planning }

    public func list(at now: Date, stage: Stage? = nil, minimumScore: Int? = nil) throws -> [ContactListEntry] {
        guard let qualifier = planning.qualifier else {
            throw NurtureError("no campaign names a scoring file (scoring: ../scoring/default.yaml): nothing to score contacts by")
        }
        if let stage, !qualifier.ladder.contains(stage) {
            let names = qualifier.ladder.stages.map(\.name)
            throw NurtureError("--stage: unknown stage '\(stage.name.debugSafe)'\(Suggest.hint(for: stage.name, in: names)); the ladder is \(names.joined(separator: ", "))")
        }
        var entries: [ContactListEntry] = []
        try planning.store.forEachHistoryBatch(campaign: planning.campaign.name, only: nil, batchSize: planning.batchSize) { batch in
            for history in batch {
                let qualification = qualifier.qualify(history, now: now)
                if let stage, qualification.stage != stage { continue }
                if let minimumScore, qualification.score < minimumScore { continue }
                let last = history.events.filter { $0.at <= now }.max { ($0.at, $0.type.rawValue) < ($1.at, $1.type.rawValue) }
                entries.append(ContactListEntry(contact: history.contact, qualification: qualification, lastSignal: last))
            }
        }
        return entries.sorted { $0.qualification.score != $1.qualification.score ? $0.qualification.score > $1.qualification.score : $0.contact.email < $1.contact.email }
    }
}

/// Points as people read them: `+20`, `-15`, `+7.5` (one decimal when not whole).
public enum PointsText {
    public static func signed(_ points: Double) -> String {
        let rounded = (points * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return rounded >= 0 ? "+\(text)" : text
    }
}
