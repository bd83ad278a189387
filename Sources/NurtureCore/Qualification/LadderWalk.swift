import Foundation

/// The contact's rung during the qualifier's walk, and the moves when they are wanted.
struct LadderWalk {
    private(set) var stage: Stage?
    /// The stage's place on the ladder; -1 off it (below every rung: any move fixes it).
    private(set) var rank: Int
    private(set) var moves: [StageMove] = []
    /// True from a person's stage until a rule moves the contact up: while it holds, a score already over
    /// the threshold does not undo the person's decision (only a new crossing does).
    private(set) var personInForce = false
    let ranks: [Stage: Int]
    let detailed: Bool

    init(stage: Stage?, ranks: [Stage: Int], detailed: Bool) {
        self.stage = stage
        self.ranks = ranks
        self.detailed = detailed
        self.rank = stage.flatMap { ranks[$0] } ?? -1
    }

    /// True when a transition limited to `from` applies to the current stage.
    func allows(_ from: StageSet) -> Bool { from.contains(stage, rank: rank) }

    /// Moves to `target` (of rank `targetRank`, nil off the ladder) when that is up; `cause` is only asked for the detailed walk.
    mutating func moveUp(to target: Stage, rank targetRank: Int?, at: Date?, by: String, cause: () -> String) {
        guard let targetRank, targetRank > rank else { return }
        record(at: at, to: target, cause: detailed ? cause() : "", by: by)
        stage = target
        rank = targetRank
        personInForce = false
    }

    /// A person's stage wins, up or down.
    mutating func apply(_ override: StageOverride) {
        record(at: override.at, to: override.stage, cause: "set by hand: \(override.reason)", by: override.by)
        stage = override.stage
        rank = ranks[override.stage] ?? -1
        personInForce = true
    }

    mutating func record(at: Date?, to: Stage?, cause: String, by: String) {
        guard detailed, let to else { return }
        moves.append(StageMove(at: at, from: moves.isEmpty ? nil : stage, to: to, cause: cause, by: by))
    }
}
