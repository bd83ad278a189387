extension String {
    /// The string on one line of text output, whatever a contact put in it (see `escapingControlCharacters`).
    var printable: String { escapingControlCharacters }
}
