/// The builder's header fields: checked, encoded and folded.
extension MessageBuilder {
    static func mailboxField(_ name: String, field: String, _ mailbox: Mailbox) throws(MessageError) -> String {
        if let line = mailbox.foldedLine(for: name) { return line }
        let tokens = try mailbox.headerTokens(field: field, headerName: name)
        guard let line = HeaderFolding.fold(name: name, tokens: tokens) else {
            throw .tooLong(field, limit: HeaderFolding.maxLineLength)
        }
        return line
    }

    /// Subject: printable ASCII is written as is, folded at its whitespace; anything else (non-ASCII,
    /// `=?`, a word too long for a line) as encoded words. Leading and trailing whitespace is dropped.
    static func subjectField(_ subject: String) throws(MessageError) -> String {
        try HeaderText.check(subject, field: "subject")
        let text = ASCII.trimmingWhitespace(subject)
        if HeaderText.isPrintableASCII(text), !ASCII.containsEncodedWordStart(text),
           let line = HeaderFolding.foldUnstructured(name: "Subject", text: text) {
            return line
        }
        let firstMax = HeaderFolding.preferredLineLength - "Subject: ".utf8.count
        let words = EncodedWord.encode(text, firstMaxLength: firstMax).map { " " + $0 }
        guard let line = HeaderFolding.fold(name: "Subject", tokens: words) else {
            throw .tooLong("subject", limit: HeaderFolding.maxLineLength)
        }
        return line
    }

    /// The Message-ID as given, when it is `<left@right>` in printable ASCII without spaces.
    static func checkedMessageID(_ id: String) throws(MessageError) -> String {
        try HeaderText.check(id, field: "message-id")
        // Checked as bytes: `<` and `>` are one byte each, and every byte between must be visible ASCII
        // (a `<` or `>` that a following scalar joins into another character leaves a non-ASCII byte
        // between, and is refused as well).
        var utf8 = id
        let valid = utf8.withUTF8 { bytes in
            guard bytes.count >= 2, bytes.count <= 900, bytes[0] == UInt8(ascii: "<"), bytes[bytes.count - 1] == UInt8(ascii: ">") else {
                return false
            }
            let inner = bytes[1 ..< bytes.count - 1]
            guard inner.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }),
                  let at = inner.lastIndex(of: UInt8(ascii: "@")) else { return false }
            return at != inner.startIndex && at + 1 != inner.endIndex
        }
        guard valid else { throw .invalidMessageID }
        return id
    }

    /// An extra header: a valid field name that is not one of the builder's own, and an ASCII value
    /// without line breaks or controls, folded at its whitespace.
    static func extraField(_ header: MailHeader) throws(MessageError) -> String {
        if let line = header.foldedLine { return line }
        let name = header.name
        guard !name.isEmpty, ASCII.isVisible(name), !name.utf8.contains(UInt8(ascii: ":")) else {
            throw .invalidHeaderName(name)
        }
        guard name.utf8.count <= 76 else { throw .tooLong("header name \(name)", limit: 76) }
        let lower = name.lowercased()
        guard !reservedHeaderNames.contains(lower), !lower.hasPrefix("content-") else {
            throw .reservedHeaderName(name)
        }
        try HeaderText.check(header.value, field: name)
        guard ASCII.allBytes(of: header.value, { $0 < 0x80 }) else { throw .nonASCII(in: name) }
        guard let line = HeaderFolding.foldUnstructured(name: name, text: header.value) else {
            throw .tooLong(name, limit: HeaderFolding.maxLineLength)
        }
        return line
    }
}
