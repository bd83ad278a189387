import Foundation
@testable import NurtureCore
import Testing

/// `ContactFacts.visible`: the events at or before `now` in the planner's order, whether the array is
/// already so (and kept) or not (and sorted).
struct ContactFactsTests {
    @Test func visibleEventsAreTheFilteredSortedEvents() {
        var state: UInt64 = 3
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let now = Date(timeIntervalSince1970: 1_772_000_000)
        let types: [EventType] = [.pageViewed, .formSubmitted, .contentDownloaded]
        var sorted = 0
        for _ in 0..<5_000 {
            var events = (0..<next(7)).map { _ in
                ContactEvent(type: types[next(types.count)], at: now.addingTimeInterval(Double(next(5) - 3)),
                             content: next(3) == 0 ? "item-\(next(2))" : nil, properties: next(3) == 0 ? ["page": "p\(next(2))"] : [:])
            }
            if next(2) == 0 {
                events = events.filter { $0.at <= now }.sorted(by: ContactEvent.precedes)
                sorted += 1
            }
            let reference = events.filter { $0.at <= now }.sorted(by: ContactEvent.precedes)
            #expect(ContactFacts.visible(events, now: now) == reference)
        }
        #expect(sorted > 1_000)
    }
}
