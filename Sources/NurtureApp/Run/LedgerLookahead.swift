/// How many messages a run marks `sending` ahead of its connections: none while the ledger keeps up; one more,
/// up to `maximum`, each time the messages of a stretch of `stretch` outcomes spent more than a tenth of the
/// connections' time waiting at their gate for the ledger (the relay answers faster than the disk makes a
/// transaction durable). It never goes down within a run. A disk that is slow once, or a slow relay whose
/// messages wait a little before their final dot, does not count.
struct LedgerLookahead {
    static let maximum = 2
    static let stretch = 16
    private(set) var count = 0
    private var outcomes = 0
    private var since: ContinuousClock.Instant
    private var waitedBefore: Duration

    /// - Parameter waited: the ledger's total wait at the gates so far (`LedgerCommitter.waited`).
    init(now: ContinuousClock.Instant, waited: Duration) {
        since = now
        waitedBefore = waited
    }

    /// One more outcome, at `now`, with the gates' total wait so far (asked for only while the count can still
    /// grow).
    mutating func observe(now: ContinuousClock.Instant, waited: @autoclosure () -> Duration, connections: Int) {
        guard count < Self.maximum else { return }
        outcomes += 1
        guard outcomes >= Self.stretch else { return }
        let busy = (now - since) * max(1, connections)
        let waited = waited()
        if waited - waitedBefore > busy / 10 { count += 1 }
        outcomes = 0
        since = now
        waitedBefore = waited
    }
}
