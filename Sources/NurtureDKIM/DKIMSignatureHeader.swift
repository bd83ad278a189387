/// The `DKIM-Signature` header field nurture writes (RFC 6376 3.5): tags in the order
/// `v a c d s t h bh b`, folded between tags (and inside `h=` after a colon, inside `b=` anywhere) so
/// lines stay within 78 characters. `b=` always starts a line of its own, so the field signed (with an
/// empty `b=`) is the finished field up to and including `b=`.
public struct DKIMSignatureHeader: Hashable, Sendable {
    public static let name = "DKIM-Signature"
    static let lineLength = 78

    public var algorithm: DKIMAlgorithm
    public var headerCanonicalization: DKIMCanonicalization
    public var bodyCanonicalization: DKIMCanonicalization
    /// `d=`: the signing domain.
    public var domain: String
    /// `s=`: the selector under `_domainkey.<domain>`.
    public var selector: String
    /// `t=`: seconds since 1970, UTC.
    public var timestamp: Int64
    /// `h=`: the signed header names in order, as many times as signed (a name listed once more than the
    /// message has it is over-signed: nobody can add one without breaking the signature).
    public var signedHeaders: [String]
    /// `bh=`, base64.
    public var bodyHash: String

    public init(
        algorithm: DKIMAlgorithm, headerCanonicalization: DKIMCanonicalization = .relaxed,
        bodyCanonicalization: DKIMCanonicalization = .relaxed, domain: String, selector: String,
        timestamp: Int64, signedHeaders: [String], bodyHash: String
    ) {
        self.algorithm = algorithm
        self.headerCanonicalization = headerCanonicalization
        self.bodyCanonicalization = bodyCanonicalization
        self.domain = domain
        self.selector = selector
        self.timestamp = timestamp
        self.signedHeaders = signedHeaders
        self.bodyHash = bodyHash
    }

    /// The whole field without a value for `b=` and without a final CRLF: what is hashed last, and what
    /// the signed field begins with.
    public var unsignedField: String {
        var folder = Folder(start: Self.name + ":")
        folder.add(" v=1;")
        folder.add(" a=\(algorithm.rawValue);")
        folder.add(" c=\(DKIMCanonicalization.tag(header: headerCanonicalization, body: bodyCanonicalization));")
        folder.add(" d=\(domain);")
        folder.add(" s=\(selector);")
        folder.add(" t=\(timestamp);")
        for (index, name) in signedHeaders.enumerated() {
            let last = index == signedHeaders.count - 1
            let token = (index == 0 ? "h=" : "") + name + (last ? ";" : ":")
            if index == 0 { folder.add(" " + token) } else { folder.add(token, foldWith: " ") }
        }
        folder.add(" bh=\(bodyHash);")
        folder.breakLine()
        folder.add(" b=")
        return folder.text
    }

    /// The finished field, with the signature's base64 after `b=`, folded; no final CRLF.
    public static func signedField(unsigned: String, signature base64: String) -> String {
        var out = unsigned
        // The last line of `unsigned` is " b=".
        var lineLength = 3
        var rest = Substring(base64)
        while !rest.isEmpty {
            if lineLength >= Self.lineLength {
                out += "\r\n "
                lineLength = 1
            }
            let piece = rest.prefix(Self.lineLength - lineLength)
            out += piece
            lineLength += piece.utf8.count
            rest = rest.dropFirst(piece.count)
        }
        return out
    }

    /// Lines of at most `lineLength` characters where the tokens allow, joined by CRLF + space.
    struct Folder {
        var text: String
        var lineLength: Int

        init(start: String) {
            text = start
            lineLength = start.utf8.count
        }

        /// Adds `token` (which begins with its own space when it needs one); folds before it when the line
        /// would grow too long. `foldWith` is what starts a continuation line in place of nothing.
        mutating func add(_ token: String, foldWith indent: String = "") {
            let length = token.utf8.count
            if lineLength + length > DKIMSignatureHeader.lineLength, lineLength > 1 {
                text += "\r\n" + indent
                lineLength = indent.utf8.count
            }
            text += token
            lineLength += length
        }

        mutating func breakLine() {
            text += "\r\n"
            lineLength = 0
        }
    }
}
