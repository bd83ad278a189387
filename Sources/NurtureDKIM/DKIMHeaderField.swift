/// One header field of a message as it is on the wire: its name and its raw bytes (name, colon, value
/// with any folding) without the CRLF that ends it.
public struct DKIMHeaderField: Hashable, Sendable {
    /// As written, without trailing whitespace before the colon.
    public let name: String
    public var raw: ArraySlice<UInt8>
    /// The lower-cased name, for the case-insensitive matches that `h=` needs; made once per field.
    public let lowercasedName: String

    public init(name: String, raw: ArraySlice<UInt8>) {
        self.name = name
        self.raw = raw
        lowercasedName = name.lowercased()
    }
}

/// A message split for signing: its header fields in order and where the body starts.
public struct DKIMMessageParts: Sendable {
    public var fields: [DKIMHeaderField]
    /// The bytes after the empty line that ends the header (empty when there is none).
    public var body: ArraySlice<UInt8>

    /// Splits CRLF-terminated message bytes. A line starting with a space or tab continues the field
    /// before it; the first empty line ends the header. A line without a colon is not a field and is
    /// left out (it cannot be named in `h=`).
    public init(_ message: [UInt8]) {
        var fields: [DKIMHeaderField] = []
        let count = message.count
        var lineStart = 0
        var fieldStart: Int?
        var bodyStart: Int?
        func closeField(at end: Int) {
            guard let start = fieldStart else { return }
            fieldStart = nil
            let raw = message[start..<end]
            guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else { return }
            var nameEnd = colon
            while nameEnd > start, message[nameEnd - 1] == 0x20 || message[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            fields.append(DKIMHeaderField(name: String(decoding: message[start..<nameEnd], as: UTF8.self), raw: raw))
        }
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, !(message[lineEnd] == 0x0D && lineEnd + 1 < count && message[lineEnd + 1] == 0x0A) { lineEnd += 1 }
            let next = min(lineEnd + 2, count)
            if lineEnd == lineStart {
                closeField(at: lineStart > 0 ? lineStart - 2 : 0)
                bodyStart = next
                break
            }
            let first = message[lineStart]
            if first == 0x20 || first == 0x09 {
                // Folded continuation of the open field (a stray one before any field is ignored).
            } else {
                closeField(at: lineStart - 2)
                fieldStart = lineStart
            }
            lineStart = next
        }
        if bodyStart == nil {
            // No empty line: all header, no body.
            let endsWithCRLF = count >= 2 && message[count - 2] == 0x0D && message[count - 1] == 0x0A
            closeField(at: endsWithCRLF ? count - 2 : count)
        }
        self.fields = fields
        self.body = message[(bodyStart ?? count)..<count]
    }
}
