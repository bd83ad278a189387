extension String {
    /// `AttributeTest.normalize(self)` (trimmed, lower-cased), without allocating when the text already is
    /// so: ASCII with no capital and no surrounding space, as most event properties and column values are.
    /// Scoring runs in every plan, per event and per rule.
    var foldedForMatching: String {
        // Over the contiguous bytes (a small string's on the stack), not byte by byte through an iterator.
        var text = self
        let plain = text.withUTF8 { utf8 -> Bool in
            guard let first = utf8.first, let last = utf8.last else { return true }
            let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            if isSpace(first) || isSpace(last) { return false }
            for byte in utf8 where byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) { return false }
            return true
        }
        return plain ? self : AttributeTest.normalize(self)
    }
}
