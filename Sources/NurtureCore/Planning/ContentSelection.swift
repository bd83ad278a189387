import Foundation

/// Picks the catalog item a content step sends: one the contact has not had, sharing a topic with
/// their interests or with what they downloaded, of the right kind, and for scheduled items (webinars)
/// inside the invitation window. Ranked by fit for the stage (educational pieces for early stages,
/// proof and solution pieces from `mql` up), then shared topics, then catalog order; deterministic.
struct ContentSelection {
    let rule: ContentRule
    let step: Step
    let campaign: Campaign
    let facts: ContactFacts
    let stage: Stage
    let slack: TimeSpan

    struct Candidate {
        let item: CatalogItem
        /// When the item may first be sent (scheduled items' window), if later than other constraints allow.
        let opensAt: Date?
        let earliest: Date
        let shared: [String]
        let fit: Int
        let index: Int
        let why: String
    }

    enum Choice {
        case chosen(Candidate)
        case none(String)
    }

    /// 1 when the kind suits the contact's stage: educational for the stages below `mql`, proof and
    /// solutions from `mql` up (on a ladder without `mql`, every kind fits).
    func fit(_ kind: ContentKind) -> Int {
        guard let rank = campaign.ladder.rank(of: stage), let mql = campaign.ladder.rank(of: .mql) else { return 1 }
        let suited: [ContentKind] = rank >= mql
            ? [.caseStudy, .report, .whitepaper, .webinar, .event]
            : [.ebook, .guide, .whitepaper, .report, .video, .webinar, .event]
        return suited.contains(kind) ? 1 : 0
    }

    func choose(notBefore: Date?) -> Choice {
        let interests = rule.match.contains(.interests) ? facts.interests : []
        let downloads = rule.match.contains(.downloads) ? facts.consumedTopics(in: campaign) : []
        let wanted = Topic.normalizeList(interests + downloads)
        let needsSchedule = rule.startsWithin != nil || rule.leadTime != nil || step.kind == .webinarInvite

        var candidates: [Candidate] = []
        var sawTopicMatch = false
        var sawUnhad = false
        var tooLate: CatalogItem?
        for (index, item) in campaign.catalog.enumerated() {
            if !rule.items.isEmpty && !rule.items.contains(item.id) { continue }
            if !rule.kinds.isEmpty && !rule.kinds.contains(item.kind) { continue }
            if !item.stages.isEmpty && !item.stages.contains(stage) { continue }
            if needsSchedule {
                guard let start = item.startsAt, start > facts.now else { continue }
            }
            let shared = rule.match.isEmpty ? [] : item.topics.filter(wanted.contains)
            if !rule.match.isEmpty && shared.isEmpty { continue }
            sawTopicMatch = true
            if facts.receivedItems.contains(item.id) || facts.consumedItems.contains(item.id) { continue }
            sawUnhad = true

            var earliest = notBefore ?? facts.now
            var opensAt: Date?
            if let start = item.startsAt, needsSchedule {
                if let within = rule.startsWithin {
                    let opens = start.subtracting(within)
                    if opens > earliest { earliest = opens; opensAt = opens }
                }
                let closes = start.subtracting(rule.leadTime ?? .zero)
                if max(earliest, facts.now) > closes { tooLate = item; continue }
            }
            let sources = [
                rule.match.contains(.interests) && !shared.filter(interests.contains).isEmpty ? "interests" : nil,
                rule.match.contains(.downloads) && !shared.filter(downloads.contains).isEmpty ? "downloads" : nil,
            ].compactMap { $0 }
            var why = shared.isEmpty ? "" : "shares \(shared.joined(separator: ", ")) with \(sources.joined(separator: " and "))"
            if let start = item.startsAt, needsSchedule { why += (why.isEmpty ? "" : "; ") + "starts \(ReasonDate.format(start))" }
            candidates.append(Candidate(item: item, opensAt: opensAt, earliest: earliest, shared: shared, fit: fit(item.kind), index: index, why: why))
        }

        // The first in rank order (the order is total: catalog order breaks every tie), found in one pass.
        let soon = facts.now.adding(slack)
        let best = candidates.min { a, b in
            let aNow = a.earliest <= soon, bNow = b.earliest <= soon
            if aNow != bNow { return aNow }
            if !aNow && a.earliest != b.earliest { return a.earliest < b.earliest }
            if a.fit != b.fit { return a.fit > b.fit }
            if a.shared.count != b.shared.count { return a.shared.count > b.shared.count }
            return a.index < b.index
        }
        if let best { return .chosen(best) }

        let kinds = rule.kinds.isEmpty ? "item" : rule.kinds.map(\.label).joined(separator: "/")
        if let tooLate, let start = tooLate.startsAt {
            return .none("“\(tooLate.title)” starts \(ReasonDate.format(start)): too late to invite (\(rule.leadTime?.spoken ?? "no") lead time)")
        }
        if sawUnhad || sawTopicMatch {
            return .none("already had every matching \(kinds)")
        }
        if !rule.match.isEmpty && wanted.isEmpty {
            return .none("no interests or downloads to match a \(kinds) on")
        }
        if needsSchedule { return .none("no upcoming \(kinds) matches \(wanted.joined(separator: ", "))") }
        return .none("no \(kinds) matches \(wanted.joined(separator: ", "))")
    }
}
