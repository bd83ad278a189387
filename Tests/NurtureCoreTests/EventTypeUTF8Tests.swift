import NurtureCore
import Testing

/// `EventType(utf8:)` is `EventType(rawValue:)` read from bytes: the same answer for every type's name,
/// and nil for whatever `rawValue` refuses.
struct EventTypeUTF8Tests {
    private static func read(_ text: String) -> EventType? {
        var text = text
        return text.withUTF8 { EventType(utf8: $0) }
    }

    @Test(arguments: EventType.allCases)
    func readsEveryTypeByItsRawValue(_ type: EventType) {
        #expect(Self.read(type.rawValue) == type)
    }

    @Test(arguments: [
        "", "form", "form_submitte", "form_submittedx", "Form_Submitted", "FORM_SUBMITTED", " page_viewed", "page_viewed ",
        "page-viewed", "purchase", "purchasedd", "bounced\u{0}", "complainéd", "webinar_attended_", "newsletter_signup\n",
    ])
    func refusesWhatRawValueRefuses(_ text: String) {
        #expect(EventType(rawValue: text) == nil)
        #expect(Self.read(text) == nil)
    }

    /// Every name cut short or grown by a byte, and every name with one byte changed, as `rawValue` answers.
    @Test func nearNamesAnswerAsRawValueDoes() {
        for type in EventType.allCases {
            let raw = Array(type.rawValue.utf8)
            var variants: [[UInt8]] = [Array(raw.dropLast()), raw + [UInt8(ascii: "s")], Array(raw.dropFirst())]
            for index in raw.indices {
                var changed = raw
                changed[index] ^= 0x20
                variants.append(changed)
            }
            for bytes in variants {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(bytes.withUnsafeBufferPointer { EventType(utf8: $0) } == EventType(rawValue: text), "\(text)")
            }
        }
    }
}
