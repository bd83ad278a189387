import Foundation
/// What an attribute rule asks of the contact's value. Values compare without regard to case and to
/// surrounding spaces; every list is lower-cased once, when the rules are read.
public enum AttributeTest: Hashable, Sendable {
    /// The value is one of these (`industry` in software, finance; `email_domain` in gmail.com …).
    case oneOf(Set<String>)
    /// The value holds one of these words or phrases, as whole words (`vp`, `head`, `chief` in "Head of BI").
    case words([[String]])
    /// The number the value starts with is in this range (`company_size` `201-1000` is 201; `5001+` is 5001).
    case range(atLeast: Double?, atMost: Double?)
    /// The contact has any value.
    case present

    func matches(_ raw: String) -> Bool {
        matches(Prepared(raw, words: true))
    }

    /// A contact's value made ready once for every rule that reads it: lower-cased, trimmed, and split into
    /// words when a rule asks for words (scoring runs in every plan: no work twice per contact).
    struct Prepared {
        let normalized: String
        let words: [String]

        init(_ raw: String, words: Bool) {
            normalized = AttributeTest.normalize(raw)
            self.words = words ? AttributeTest.words(of: normalized) : []
        }
    }

    func matches(_ value: Prepared) -> Bool {
        switch self {
        case let .oneOf(values):
            return values.contains(value.normalized)
        case let .words(phrases):
            return phrases.contains { phrase in Self.contains(value.words, phrase) }
        case let .range(low, high):
            guard let number = Self.leadingNumber(value.normalized) else { return false }
            return (low.map { number >= $0 } ?? true) && (high.map { number <= $0 } ?? true)
        case .present:
            return true
        }
    }

    /// Lower-cased and trimmed: how values and rule lists compare.
    public static func normalize(_ text: String) -> String { text.trimmingASCIIWhitespace().lowercased() }

    /// The lower-cased words of `text`: runs of letters and digits (combining marks belong to their letter,
    /// and the text is compared in composed form, so "général" typed either way is one word).
    public static func words(of text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(of: text) }
        var out: [String] = []
        var word = String.UnicodeScalarView()
        for scalar in text.lowercased().precomposedStringWithCanonicalMapping.unicodeScalars {
            let category = scalar.properties.generalCategory
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || category == .nonspacingMark || category == .spacingMark {
                word.append(scalar)
            } else if !word.isEmpty {
                out.append(String(word))
                word = String.UnicodeScalarView()
            }
        }
        if !word.isEmpty { out.append(String(word)) }
        return out
    }

    /// `words(of:)` for ASCII text, byte by byte (most job titles): each run of letters and digits made a
    /// string at once from the text's bytes, lower-cased first only when it has a capital.
    private static func asciiWords(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { utf8 in
            var out: [String] = []
            var start: Int?
            var capital = false
            func word(_ range: Range<Int>) -> String {
                let bytes = UnsafeBufferPointer(rebasing: utf8[range])
                guard capital else { return String(decoding: bytes, as: UTF8.self) }
                return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
            }
            for index in utf8.indices {
                let byte = utf8[index]
                let isCapital = byte >= 0x41 && byte <= 0x5A
                if isCapital || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                    if start == nil {
                        start = index
                        capital = false
                    }
                    capital = capital || isCapital
                } else if let first = start {
                    out.append(word(first..<index))
                    start = nil
                }
            }
            if let first = start { out.append(word(first..<utf8.count)) }
            return out
        }
    }

    private static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if phrase.indices.allSatisfy({ words[start + $0] == phrase[$0] }) { return true }
        }
        return false
    }

    /// `201-1000` → 201, `5001+` → 5001, ` 42 ` → 42, `1,500` → 1500; nil when the value starts with no digit.
    static func leadingNumber(_ text: String) -> Double? {
        // The common case at once: a value that starts with a few digits followed by neither `.` nor `,`
        // (`201-1000`, `5001+`, `42`): that whole number, exact in a Double as the digits parsed are.
        var whole = 0
        var count = 0
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && count < 15 {
                whole = whole * 10 + Int(byte - UInt8(ascii: "0"))
                count += 1
                continue
            }
            if count > 0 && byte != UInt8(ascii: ".") && byte != UInt8(ascii: ",") && !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                return Double(whole)
            }
            count = -1
            break
        }
        if count > 0 { return Double(whole) }
        return parsedLeadingNumber(text)
    }

    /// `leadingNumber(_:)` by its definition: the leading digits (a `.` among them, `,` skipped) parsed.
    static func parsedLeadingNumber(_ text: String) -> Double? {
        var digits = ""
        for scalar in text.trimmingASCIIWhitespace().unicodeScalars {
            if ("0"..."9").contains(scalar) || (scalar == "." && !digits.isEmpty) {
                digits.unicodeScalars.append(scalar)
            } else if scalar == "," && !digits.isEmpty {
                continue
            } else {
                break
            }
        }
        return Double(digits)
    }
}
