extension ContactEvent {
    /// The order plans and scores read a contact's events in: oldest first; events of one moment by type,
    /// then by content and properties, so that the same events in any input order give the same plan,
    /// score and stage moves (the latest BANT answer wins; the reasons name the event that moved).
    static func precedes(_ a: ContactEvent, _ b: ContactEvent) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.type != b.type { return a.type.rawValue < b.type.rawValue }
        if a.content != b.content { return (a.content == nil ? 0 : 1, a.content ?? "") < (b.content == nil ? 0 : 1, b.content ?? "") }
        guard a.properties != b.properties else { return false }
        let byKey = { (x: (key: String, value: String), y: (key: String, value: String)) in (x.key, x.value) < (y.key, y.value) }
        return a.properties.sorted(by: byKey).lexicographicallyPrecedes(b.properties.sorted(by: byKey), by: byKey)
    }
}
