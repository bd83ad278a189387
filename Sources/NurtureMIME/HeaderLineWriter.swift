/// A header field written token by token as `HeaderFolding` folds it: `Name:`, then each token, with a
/// CRLF before a token that would take a line (that already has one) past `preferredLineLength`.
struct HeaderLineWriter {
    private var bytes: [UInt8]
    private var lineLength: Int
    private var lineHasToken = false
    private var longestLine = 0

    init(name: String, capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(name.utf8.count + 1 + capacity + capacity / 32)
        bytes += name.utf8
        bytes.append(UInt8(ascii: ":"))
        lineLength = bytes.count
    }

    /// Adds the token `token` (with one space before it when `spaced`), folding before it when needed.
    mutating func add(_ token: some Collection<UInt8>, spaced: Bool = false) {
        let tokenLength = token.count + (spaced ? 1 : 0)
        if lineHasToken, lineLength + tokenLength > HeaderFolding.preferredLineLength {
            longestLine = max(longestLine, lineLength)
            bytes += ASCII.crlf
            lineLength = 0
        }
        if spaced { bytes.append(ASCII.space) }
        bytes += token
        lineLength += tokenLength
        lineHasToken = true
    }

    /// The lines joined by CRLF (no final CRLF), or nil when one is longer than `maxLineLength`.
    var field: String? {
        guard max(longestLine, lineLength) <= HeaderFolding.maxLineLength else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
