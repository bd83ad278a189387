import Testing
@testable import NurtureApp

/// When a run starts marking messages ahead of its connections: only after stretches of outcomes whose gates
/// waited more than a tenth of the connections' time.
@Suite struct LedgerLookaheadTests {
    /// `stretches` stretches of outcomes, each `millisecondsEach` long per outcome, the gates waiting `waitedEach`
    /// per outcome; the count reached.
    private static func count(stretches: Int, millisecondsEach: Int, waitedEach: Duration, connections: Int) -> Int {
        let start = ContinuousClock.now
        var lookahead = LedgerLookahead(now: start, waited: .zero)
        var waited = Duration.zero
        for outcome in 1...(stretches * LedgerLookahead.stretch) {
            waited += waitedEach
            lookahead.observe(now: start + .milliseconds(outcome * millisecondsEach), waited: waited, connections: connections)
        }
        return lookahead.count
    }

    @Test func gatesThatWaitMoreThanATenthRaiseItOneStretchAtATime() {
        #expect(Self.count(stretches: 1, millisecondsEach: 1, waitedEach: .microseconds(300), connections: 1) == 1)
        #expect(Self.count(stretches: 2, millisecondsEach: 1, waitedEach: .microseconds(300), connections: 1) == 2)
        #expect(Self.count(stretches: 5, millisecondsEach: 1, waitedEach: .microseconds(300), connections: 1) == LedgerLookahead.maximum)
    }

    @Test func waitsUnderATenthOfTheConnectionsTimeLeaveItAtNone() {
        // 5% of one connection's time; at eight connections, 30% of one is under 4% of eight.
        #expect(Self.count(stretches: 4, millisecondsEach: 10, waitedEach: .microseconds(500), connections: 1) == 0)
        #expect(Self.count(stretches: 4, millisecondsEach: 1, waitedEach: .microseconds(300), connections: 8) == 0)
        #expect(Self.count(stretches: 4, millisecondsEach: 1, waitedEach: .zero, connections: 1) == 0)
    }

    /// Fewer outcomes than a stretch decide nothing, however long they waited.
    @Test func lessThanAStretchDecidesNothing() {
        let start = ContinuousClock.now
        var lookahead = LedgerLookahead(now: start, waited: .zero)
        for outcome in 1..<LedgerLookahead.stretch {
            lookahead.observe(now: start + .milliseconds(outcome), waited: .milliseconds(outcome), connections: 1)
        }
        #expect(lookahead.count == 0)
    }
}
