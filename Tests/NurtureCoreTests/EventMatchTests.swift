@testable import NurtureCore
import Testing

/// `EventMatch`'s shortcuts for the few-valued case answer as the dictionary and the set they stand for.
struct EventMatchTests {
    private static let names = ["page", "form", "é", "e\u{301}", "Page", "", "plan"]

    @Test func aPropertyIsFoundAsTheDictionaryFindsIt() {
        let tables: [[String: String]] = [
            [:], ["page": "pricing"], ["form": "a", "page": "b"], ["é": "composed"], ["e\u{301}": "decomposed"],
            ["page": "x", "form": "y", "plan": "z"], ["Page": "capital", "page": "small"],
        ]
        for table in tables {
            for name in Self.names {
                #expect(EventMatch.property(name, of: table) == table[name], "\(name.debugDescription) in \(table)")
            }
        }
    }

    @Test(arguments: [["pricing"], ["pricing", "demo"], ["a", "b", "c", "d"], ["a", "b", "c", "d", "e", "f"], ["é"], ["E\u{301}"]])
    func aConditionHoldsTheValuesItsSetHolds(values: [String]) {
        var condition = EventMatch.PropertyCondition(name: "page", values: values)
        let probes = ["pricing", "demo", "a", "e", "f", "g", "é", "e\u{301}", "", "Pricing"]
        for probe in probes { #expect(condition.contains(probe) == condition.values.contains(probe), "\(probe.debugDescription)") }
        // Changed afterwards: the shortcut follows.
        condition.values = ["g"]
        for probe in probes { #expect(condition.contains(probe) == condition.values.contains(probe), "\(probe.debugDescription)") }
        #expect(condition == EventMatch.PropertyCondition(name: "page", values: ["g"]))
    }
}
