/// The rungs a transition applies `from`, made ready for the walk: a test of a rank against a bit mask
/// instead of comparing stage names (the walk asks at every event).
struct StageSet {
    private let stages: [Stage]
    private let mask: UInt64
    /// Empty `from`: any rung.
    private let any: Bool

    init(_ stages: [Stage], ranks: [Stage: Int]) {
        self.stages = stages
        any = stages.isEmpty
        mask = stages.reduce(0) { mask, stage in
            guard let rank = ranks[stage], rank < 64 else { return mask }
            return mask | (1 << UInt64(rank))
        }
    }

    /// True when the contact's stage, of rank `rank` on the ladder (-1 off it), is one of these.
    func contains(_ stage: Stage?, rank: Int) -> Bool {
        if any { return true }
        guard let stage else { return false }
        if rank >= 0 && rank < 64 { return mask & (1 << UInt64(rank)) != 0 }
        return stages.contains(stage)
    }
}
