import Foundation

/// RFC 2047 encoded words (`=?UTF-8?B?...?=`) for non-ASCII text in Subject and display names.
///
/// Text is cut into words of at most 75 characters, between grapheme clusters where a cluster fits
/// in one word (an emoji with ZWJ or skin tone stays whole) and otherwise between Unicode scalars,
/// so every word decodes to whole characters on its own.
public enum EncodedWord {
    public static let maxLength = 75
    static let prefix = "=?UTF-8?B?"
    static let suffix = "?="

    /// The words for `text`, each at most `maxLength` characters; the first at most `firstMaxLength`
    /// (to leave room for the header name on the first line). Empty text gives no words.
    public static func encode(_ text: String, firstMaxLength: Int = maxLength) -> [String] {
        let firstBudget = payloadBytes(forWordLength: min(firstMaxLength, maxLength))
        let budget = payloadBytes(forWordLength: maxLength)
        var chunks: [[UInt8]] = []
        var current: [UInt8] = []
        var currentBudget = firstBudget >= 4 ? firstBudget : budget

        func add(_ piece: [UInt8]) {
            if current.count + piece.count > currentBudget {
                if !current.isEmpty { chunks.append(current) }
                current = []
                currentBudget = budget
            }
            current += piece
        }

        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count <= budget {
                add(bytes)
            } else {
                for scalar in character.unicodeScalars { add(Array(String(scalar).utf8)) }
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.map { prefix + Data($0).base64EncodedString() + suffix }
    }

    /// How many UTF-8 bytes fit in a B-encoded word of `length` characters.
    static func payloadBytes(forWordLength length: Int) -> Int {
        max(0, (length - prefix.count - suffix.count) / 4 * 3)
    }
}
