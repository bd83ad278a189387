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
        var writer = HeaderLineWriter(name: name)
        for token in tokens { writer.add(token.utf8) }
        return writer.field
    }

    /// `fold(name: name, tokens: unstructuredTokens(text))`, written from the text's bytes.
    public static func foldUnstructured(name: String, text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            var writer = HeaderLineWriter(name: name, capacity: bytes.count + 1)
            forEachUnstructuredToken(bytes) { token, isFirst in writer.add(token, spaced: isFirst) }
            return writer.field
        }
    }

    /// Tokens for unstructured text (already free of line breaks): each word with the whitespace
    /// before it, a single space before the first word. Leading and trailing whitespace is dropped.
    public static func unstructuredTokens(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var tokens: [String] = []
            forEachUnstructuredToken(bytes) { token, isFirst in
                tokens.append((isFirst ? " " : "") + String(decoding: token, as: UTF8.self))
            }
            return tokens
        }
    }

    /// Calls `body` with each token of `unstructuredTokens` as bytes of `text`: the first word without
    /// whitespace (`isFirst`; its token is a single space and the word), each later one with the whitespace
    /// before it.
    private static func forEachUnstructuredToken(
        _ text: UnsafeBufferPointer<UInt8>, _ body: (_ token: Slice<UnsafeBufferPointer<UInt8>>, _ isFirst: Bool) -> Void
    ) {
        // Space and TAB are single bytes that no other character's UTF-8 contains, so the text is cut
        // at byte positions that are always character boundaries.
        var isFirst = true
        var index = 0
        while index < text.count {
            let runStart = index
            while index < text.count, isSpaceOrTab(text[index]) { index += 1 }
            let wordStart = index
            while index < text.count, !isSpaceOrTab(text[index]) { index += 1 }
            guard wordStart < index else { break } // trailing whitespace is dropped
            body(text[(isFirst ? wordStart : runStart)..<index], isFirst)
            isFirst = false
        }
    }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == ASCII.space || byte == ASCII.tab }
}
