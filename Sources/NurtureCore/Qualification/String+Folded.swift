extension String {
    /// `AttributeTest.normalize(self)` (trimmed, lower-cased), without allocating when the text already is
    /// so: ASCII with no capital and no surrounding space, as most event properties and column values are.
    /// Scoring runs in every plan, per event and per rule.
    var foldedForMatching: String {
        var utf8 = self.utf8.makeIterator()
        guard let first = utf8.next() else { return self }
        var last = first
        var byte: UInt8? = first
        while let current = byte {
            guard current < 0x80, !(current >= 0x41 && current <= 0x5A) else { return AttributeTest.normalize(self) }
            last = current
            byte = utf8.next()
        }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        return isSpace(first) || isSpace(last) ? AttributeTest.normalize(self) : self
    }
}
