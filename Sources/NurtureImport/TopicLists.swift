import NurtureCore

/// `Topic.normalizeList` of a cell's `;`-separated interests, remembered by the cell's exact bytes: a file's
/// contacts draw their interests from a few hundred combinations, and normalizing is a good part of reading
/// a row. At most `capacity` cells are remembered; then the memory starts again.
struct TopicLists {
    static let capacity = 1024
    private var known: [[UInt8]: [String]] = [:]

    mutating func normalized(_ cell: String) -> [String] {
        // Keyed by bytes: strings that are equal as Swift strings (é and e + U+0301) may normalize differently.
        let key = Array(cell.utf8)
        if let topics = known[key] { return topics }
        let topics = Topic.normalizeList(cell.split(separator: ";").map(String.init))
        if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
        known[key] = topics
        return topics
    }
}
