/// How header fields and the body are made canonical before hashing (RFC 6376 3.4): `simple` keeps
/// them as they are, `relaxed` survives the whitespace and case changes that relays make. nurture signs
/// with relaxed/relaxed; simple is here for the published test vectors that use it.
public enum DKIMCanonicalization: String, Hashable, Sendable, CaseIterable {
    case simple
    case relaxed

    /// `header/body`, as `c=` writes it.
    public static func tag(header: DKIMCanonicalization, body: DKIMCanonicalization) -> String {
        "\(header.rawValue)/\(body.rawValue)"
    }

    /// A header field in canonical form, with the CRLF that ends it (RFC 6376 3.4.1, 3.4.2).
    public func canonicalize(_ field: DKIMHeaderField) -> [UInt8] {
        var out = canonicalizeWithoutLineEnd(field.raw)
        out.append(0x0D)
        out.append(0x0A)
        return out
    }

    /// A field in canonical form without its final CRLF: how the DKIM-Signature field itself is hashed.
    public func canonicalizeWithoutLineEnd(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .simple:
            return Array(raw)
        case .relaxed:
            return Self.relaxedField(raw)
        }
    }

    /// Relaxed (3.4.2): name lower-cased without whitespace before the colon; value unfolded, each run of
    /// spaces and tabs one space, none at either end.
    static func relaxedField(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else { return Array(raw) }
        var nameEnd = colon
        while nameEnd > raw.startIndex, isWhitespace(raw[nameEnd - 1]) { nameEnd -= 1 }
        for byte in raw[raw.startIndex..<nameEnd] {
            out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        out.append(UInt8(ascii: ":"))
        var pendingSpace = false
        var wroteValue = false
        for byte in raw[(colon + 1)...] {
            if byte == 0x0D || byte == 0x0A { continue }
            if isWhitespace(byte) {
                pendingSpace = true
                continue
            }
            if pendingSpace && wroteValue { out.append(0x20) }
            pendingSpace = false
            wroteValue = true
            out.append(byte)
        }
        return out
    }

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
