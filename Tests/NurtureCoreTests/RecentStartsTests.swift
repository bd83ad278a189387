import Foundation
import Testing
@testable import NurtureCore

struct RecentStartsTests {
    /// What `RelayPacer` kept before: every start, then a filter over all of them.
    private struct Reference {
        var times: [Date] = []
        mutating func record(_ now: Date) {
            times.append(now)
            times.removeAll { now.timeIntervalSince($0) > 10 }
        }
    }

    private func check(_ offsets: [TimeInterval]) {
        var recent = RecentStarts()
        var reference = Reference()
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        for (step, offset) in offsets.enumerated() {
            let now = base.addingTimeInterval(offset)
            recent.record(now)
            reference.record(now)
            #expect(recent.count == reference.times.count, "step \(step)")
            #expect(recent.first == reference.times.first, "step \(step)")
        }
    }

    @Test func keepsTheStartsOfTheLastTenSecondsInOrder() {
        // 200 a second for 30 seconds (past the 1,024 dropped that compaction waits for), then a pause longer
        // than the window, then more.
        check((0..<6_000).map { Double($0) / 200 } + [45, 45, 45.5, 56, 56.001])
    }

    @Test func aClockThatStepsBackKeepsWhatAFilterWouldKeep() {
        // Steps between -3 s and +1.5 s from a fixed linear congruential sequence.
        var state: UInt64 = 42
        var now = 0.0
        var offsets: [TimeInterval] = []
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            now += Double(state >> 11) / Double(1 << 53) * 4.5 - 3
            offsets.append(now)
        }
        check(offsets + [10, 10, 10.0001, 20.0001, 0, 30])
    }
}
