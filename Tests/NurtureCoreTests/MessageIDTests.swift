import NurtureCore
import NurtureTestSupport
import Testing

@Suite struct MessageIDTests {
    /// The ids as first written (scalar by scalar, over the joined key): ids already in ledgers must not change.
    @Test func idsAreWhatTheFirstImplementationWrote() {
        func atom(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                let keep = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || scalar == "-"
                out.unicodeScalars.append(keep ? scalar : "_")
            }
            return out.isEmpty ? "_" : String(out.prefix(64))
        }
        func reference(_ id: Int64, _ campaign: String, _ step: String, _ key: String, _ domain: String, _ variant: String?) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in [campaign, step, key, variant ?? ""].joined(separator: "\u{0}").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let hex = String(hash, radix: 16)
            let digest = String(repeating: "0", count: 16 - hex.count) + hex
            let host = domain.split(separator: ".").map { atom(String($0)) }.joined(separator: ".")
            let prefix = variant.map { "\(atom($0))." } ?? ""
            return "<\(prefix)n.\(atom(campaign)).\(atom(step)).\(digest).c\(id)@\(host)>"
        }
        let parts = ["", "lead-nurture", "Ünïcödé step", "a.b_c", "guide.v2", "\u{0}", "🎉🎉", "e\u{301}", String(repeating: "long-", count: 20), "日本"]
        var random = SeededRandom(seed: 3)
        for _ in 0..<3_000 {
            func pick() -> String { parts[Int(random.next() % UInt64(parts.count))] }
            let variant: String? = random.next() % 3 == 0 ? pick() : nil
            let (campaign, step, key, domain) = (pick(), pick(), pick(), pick() + ".example")
            let id = Int64(random.next() % 1_000_000)
            #expect(MessageID.make(contactID: id, campaign: campaign, step: step, contentKey: key, domain: domain, variant: variant)
                == reference(id, campaign, step, key, domain, variant))
        }
    }

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
