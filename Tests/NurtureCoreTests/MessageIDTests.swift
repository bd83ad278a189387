import NurtureCore
import Testing

@Suite struct MessageIDTests {
    @Test func stableForTheSameLedgerEntry() {
        let a = MessageID.make(contactID: 42, campaign: "lead-nurture", step: "thank-you", contentKey: "ebook-a", domain: "northwind.example")
        let b = MessageID.make(contactID: 42, campaign: "lead-nurture", step: "thank-you", contentKey: "ebook-a", domain: "northwind.example")
        #expect(a == b)
        #expect(a.hasPrefix("<n.lead-nurture.thank-you."))
        #expect(a.hasSuffix(".c42@northwind.example>"))
    }

    @Test func differsForEveryPartOfTheKey() {
        let base = MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "k", domain: "d.example")
        #expect(base != MessageID.make(contactID: 2, campaign: "c", step: "s", contentKey: "k", domain: "d.example"))
        #expect(base != MessageID.make(contactID: 1, campaign: "c2", step: "s", contentKey: "k", domain: "d.example"))
        #expect(base != MessageID.make(contactID: 1, campaign: "c", step: "s2", contentKey: "k", domain: "d.example"))
        #expect(base != MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "k2", domain: "d.example"))
    }

    @Test func contentKeysThatReadAlikeGetDistinctIDs() {
        let dotted = MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "guide.v2", domain: "d.example")
        let underscored = MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "guide_v2", domain: "d.example")
        #expect(dotted != underscored)
        let long = String(repeating: "x", count: 80)
        #expect(MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: long + "a", domain: "d.example")
            != MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: long + "b", domain: "d.example"))
    }

    @Test func aVariantIsADistinctID() {
        let real = MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "k", domain: "d.example")
        let test = MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "k", domain: "d.example", variant: "test")
        #expect(real != test)
        #expect(test.hasPrefix("<test.n.c.s."))
    }

    @Test func hostileContentKeysStayInsideTheAtom() {
        let id = MessageID.make(contactID: 1, campaign: "c", step: "s", contentKey: "@form>\r\nBcc: x@y", domain: "d.example")
        #expect(!id.dropFirst().dropLast().contains { "<>\r\n @".contains($0) && $0 != "@" } )
        #expect(id.filter { $0 == "@" }.count == 1)
        #expect(id.hasSuffix("@d.example>"))
    }
}
