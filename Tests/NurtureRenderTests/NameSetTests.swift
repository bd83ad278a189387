@testable import NurtureRender
import Testing

@Suite struct NameSetTests {
    static let queries = [
        "", "first_name", "last_name", "first", "first_name ", "First_name", "last_nam", "item", "items", "a", "b", "é", "e\u{301}",
        "K", "\u{212A}", "Lead Source", "lead source", "lead_source", "a_name_longer_than_fifteen_bytes", "a_name_longer_than_fifteen_byte",
    ]

    /// The same answers as `Set<String>`, canonical equivalence included, with and without non-ASCII names.
    @Test(arguments: [
        ["first_name", "last_name", "item", "title", "url", "unsubscribe_url", "a", "Lead Source", "lead_source", "K", "a_name_longer_than_fifteen_bytes"],
        ["first_name", "é", "\u{212A}"],
        ["e\u{301}"],
        [],
    ] as [Set<String>])
    func answersAsASetDoes(names: Set<String>) {
        let set = NameSet(names)
        for query in Self.queries { #expect(set.contains(query) == names.contains(query), "\(query.debugDescription)") }
        #expect(set.isEmpty == names.isEmpty)
        #expect(set == NameSet(names))
    }
}
