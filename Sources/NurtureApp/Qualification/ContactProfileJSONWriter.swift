import Foundation
import NurtureCore

/// `nurture contact EMAIL --format json`: the profile as one JSON object (keys sorted).
public struct ContactProfileJSONWriter {
    public init() {}

    public func write(_ profile: ContactProfile, to output: some TextOutput) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        output.line(String(decoding: try encoder.encode(Document(profile)), as: UTF8.self))
    }

    struct Document: Encodable {
        var email: String
        var first_name, last_name, company, job_title, timezone: String?
        var interests: [String]
        var custom_fields: [String: String]
        var at: String
        var stage: String?
        var score: Int?
        var band: String?
        var score_rules: [RuleJSON]
        var bant: [BANTJSON]
        var stage_history: [MoveJSON]
        var events: [EventJSON]
        var campaigns: [CampaignJSON]

        init(_ profile: ContactProfile) {
            let contact = profile.contact
            email = contact.email.value
            first_name = contact.firstName
            last_name = contact.lastName
            company = contact.company
            job_title = contact.jobTitle
            timezone = contact.timeZone
            interests = contact.interests
            custom_fields = contact.customFields
            at = Timestamp.format(profile.at)
            let qualification = profile.qualification
            stage = qualification?.stage?.name ?? contact.stage?.name
            score = qualification?.score
            band = qualification?.standing.band
            score_rules = qualification?.rules.map(RuleJSON.init) ?? []
            bant = qualification?.bant.map { BANTJSON(criterion: $0.criterion.rawValue, value: $0.value, positive: $0.positive, source: $0.source) } ?? []
            stage_history = qualification?.moves.map {
                MoveJSON(at: $0.at.map(Timestamp.format), from: $0.from?.name, to: $0.to.name, cause: $0.cause, by: $0.by)
            } ?? []
            events = profile.events.map(EventJSON.init)
            campaigns = profile.campaigns.map(CampaignJSON.init)
        }
    }

    struct RuleJSON: Encodable {
        var rule: String
        var points: Double
        var capped_at: Int?
        var items: [ItemJSON]

        init(_ rule: RuleScore) {
            self.rule = rule.rule
            points = (rule.points * 100).rounded() / 100
            capped_at = rule.cappedAt
            items = rule.items.map { ItemJSON(points: ($0.points * 100).rounded() / 100, full: $0.full, decay: $0.decay.spoken.isEmpty ? nil : $0.decay.spoken, event: $0.event.map(EventJSON.init)) }
        }
    }

    struct ItemJSON: Encodable {
        var points: Double
        var full: Int
        var decay: String?
        var event: EventJSON?
    }

    struct BANTJSON: Encodable {
        var criterion: String
        var value: String?
        var positive: Bool
        var source: String?
    }

    struct MoveJSON: Encodable {
        var at: String?
        var from: String?
        var to: String
        var cause: String
        var by: String
    }

    struct EventJSON: Encodable {
        var type: String
        var at: String
        var content: String?
        var properties: [String: String]

        init(_ event: ContactEvent) {
            type = event.type.rawValue
            at = Timestamp.format(event.at)
            content = event.content
            properties = event.properties
        }
    }

    struct CampaignJSON: Encodable {
        var campaign: String
        var ledger: [LedgerJSON]
        var decision: String
        var step: String?
        var decision_at: String?
        var reason: String

        init(_ standing: ContactProfile.CampaignStanding) {
            campaign = standing.campaign
            ledger = standing.sent.map { LedgerJSON(step: $0.step, content: $0.content, state: $0.state.rawValue, at: Timestamp.format($0.at)) }
            decision = standing.decision.name
            step = standing.decision.stepID
            decision_at = standing.decision.at.map(Timestamp.format)
            reason = standing.decision.reason
        }
    }

    struct LedgerJSON: Encodable {
        var step: String
        var content: String?
        var state: String
        var at: String
    }
}
