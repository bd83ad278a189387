import Foundation
import NurtureCore
import Yams

extension CampaignParser {
    static let itemKeys = ["id", "title", "kind", "url", "topics", "starts_at", "stages", "summary"]

    func parseCatalog(ladder: StageLadder) -> [CatalogItem] {
        guard let node = root.value("catalog") else { return [] }
        guard case let .sequence(entries) = node else {
            problems.add(node, "'catalog' must be a list of items")
            return []
        }
        var items: [CatalogItem] = []
        var seen: [String: Int] = [:]
        let identified = identifiedEntries(entries, noun: "catalog item", idNoun: "catalog id",
                                           shape: "id, title, kind, url and topics", keys: Self.itemKeys, firstLines: &seen)
        for (id, context, _) in identified {
            let reader = context
            let title = context.string("title", required: true)
            let url = context.string("url", required: true)
            if let url, !WebURL.isValid(url) {
                problems.add(at: reader.line(of: "url"), "catalog item '\(id)': url must be an http(s) URL")
            }
            let kind = context.string("kind", required: true).map { ContentKind($0) }
            let topics = context.list("topics").map { Topic.normalizeList($0.map(\.0)) } ?? []
            if topics.isEmpty {
                problems.add(at: reader.line, "catalog item '\(id)' needs at least one topic (the planner matches on topics)")
            }
            var startsAt: Date?
            if let text = context.string("starts_at") {
                startsAt = Timestamp.parse(text)
                if startsAt == nil {
                    problems.add(at: reader.line(of: "starts_at"), "catalog item '\(id)': starts_at '\(text)' is not an ISO 8601 time with an offset (2026-12-03T16:00:00Z)")
                }
            }
            if let kind, kind.isScheduled, context.value("starts_at") == nil {
                problems.add(at: reader.line, "catalog item '\(id)' is a \(kind.label) and needs starts_at")
            }
            let stages = stageList(context, "stages", ladder: ladder) ?? []
            let summary = context.string("summary")
            guard let title, let url, let kind else { continue }
            items.append(CatalogItem(id: id, title: title, url: url, kind: kind, topics: topics, startsAt: startsAt, stages: stages, summary: summary))
        }
        return items
    }
}
