/// How a mailbox is written in From, To and Reply-To.
extension Mailbox {
    /// Longest display name written as a quoted-string; longer ones become encoded words, which fold.
    static let maxQuotedLength = 70

    /// Header tokens (see `HeaderFolding`) for `Display Name <local@domain>`, or the bare address
    /// without a display name. `field` names the header in errors (`from`, `to`, `reply-to`);
    /// `headerName` is the header as written, to size the first encoded word.
    ///
    /// - An ASCII name of atoms (letters, digits, ``!#$%&'*+-/=?^_`{|}~``) separated by single spaces
    ///   is written as is.
    /// - Another ASCII name is a quoted-string, `"` and `\` escaped.
    /// - A name with non-ASCII characters, a TAB, `=?`, or too long to quote is written as
    ///   RFC 2047 encoded words.
    ///
    /// The address is written with its domain in A-labels (`user@xn--…`), so the header stays ASCII. An
    /// address whose local part is not ASCII is written as is, in UTF-8 (RFC 6532): such a message only
    /// goes to a relay that offers SMTPUTF8 (the transport defers it otherwise).
    func headerTokens(field: String, headerName: String) throws(MessageError) -> [String] {
        let address = self.address.requiresSMTPUTF8 ? self.address.value : self.address.envelope
        guard self.address.requiresSMTPUTF8 || ASCII.isVisible(address) else {
            throw .nonASCII(in: "\(field) address")
        }
        guard let rawName = displayName else { return [" " + address] }
        try HeaderText.check(rawName, field: "\(field) display name")
        let name = ASCII.trimmingWhitespace(rawName)
        guard !name.isEmpty else { return [" " + address] }
        let addressToken = " <" + address + ">"

        let plain = ASCII.allBytes(of: name, { $0 >= 0x20 && $0 <= 0x7E }) && !ASCII.containsEncodedWordStart(name)
        if plain {
            // ASCII: cut at the space byte, which is always a character boundary here.
            let words = name.utf8.split(separator: ASCII.space, omittingEmptySubsequences: false).map(Substring.init)
            let atoms = words.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(ASCII.isAtext) }
            if atoms, words.allSatisfy({ $0.utf8.count <= Self.maxQuotedLength }) {
                return words.map { " " + $0 } + [addressToken]
            }
            let quoted = Self.quotedString(name)
            if quoted.utf8.count <= Self.maxQuotedLength {
                return [" " + quoted, addressToken]
            }
        }
        let firstMax = HeaderFolding.preferredLineLength - headerName.utf8.count - 2
        return EncodedWord.encode(name, firstMaxLength: firstMax).map { " " + $0 } + [addressToken]
    }

    /// `text` in double quotes, with `"` and `\` escaped by a backslash.
    static func quotedString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
