/// Header fields written as RFC 5322 lines: `Name:` and the value's tokens, folded (CRLF + the
/// token's own leading whitespace) so lines stay at most 78 characters where possible and never
/// exceed 998 octets.
public enum HeaderFolding {
    public static let preferredLineLength = 78
    public static let maxLineLength = 998

    /// The field `name: tokens...` as lines joined by CRLF (no final CRLF), or `nil` when a token
    /// is too long for a line of `maxLineLength`.
    ///
    /// Every token starts with whitespace (where a fold may go) and holds something else besides,
    /// so no folded line is whitespace only. There is never a fold before the first token.
    public static func fold(name: String, tokens: [String]) -> String? {
        var lines: [String] = []
        var line = name + ":"
        var lineLength = line.utf8.count
        var lineHasToken = false
        for token in tokens {
            let tokenLength = token.utf8.count
            if lineHasToken, lineLength + tokenLength > preferredLineLength {
                lines.append(line)
                line = ""
                lineLength = 0
            }
            line += token
            lineLength += tokenLength
            lineHasToken = true
        }
        lines.append(line)
        guard lines.allSatisfy({ $0.utf8.count <= maxLineLength }) else { return nil }
        return lines.joined(separator: "\r\n")
    }

    /// Tokens for unstructured text (already free of line breaks): each word with the whitespace
    /// before it, a single space before the first word. Leading and trailing whitespace is dropped.
    public static func unstructuredTokens(_ text: String) -> [String] {
        // Space and TAB are single bytes that no other character's UTF-8 contains, so the text is cut
        // at byte positions that are always character boundaries.
        let utf8 = text.utf8
        var tokens: [String] = []
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let runStart = index
            while index < utf8.endIndex, isSpaceOrTab(utf8[index]) { index = utf8.index(after: index) }
            let wordStart = index
            while index < utf8.endIndex, !isSpaceOrTab(utf8[index]) { index = utf8.index(after: index) }
            guard wordStart < index else { break } // trailing whitespace is dropped
            if tokens.isEmpty { // the first word gets a single space, whatever was before it
                tokens.append(" " + String(Substring(utf8[wordStart..<index])))
            } else {
                tokens.append(String(Substring(utf8[runStart..<index])))
            }
        }
        return tokens
    }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == ASCII.space || byte == ASCII.tab }
}
