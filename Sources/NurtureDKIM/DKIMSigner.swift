import Crypto
import Foundation
import NurtureCore

/// Signs messages with one key for one domain and selector: relaxed/relaxed, the named header fields
/// the message has (From once more than it has it), `t=` from the time given. Pure: bytes, key and time
/// in, a `DKIM-Signature` field out. Built once per run; signing a message parses it once and hashes
/// its body in one pass.
public struct DKIMSigner: Sendable {
    public let key: DKIMKey
    public let domain: String
    public let selector: String
    /// The fields signed when present, in `h=` order.
    public let headerNames: [String]
    /// Fields listed once more than the message has them (over-signed), so none can be added later.
    public let overSignedNames: [String]
    private let lowercasedNames: [String]

    /// What nurture signs: what a reader sees and trusts (From, Reply-To, To, Subject, Date), what
    /// identifies and shapes the message (Message-ID, MIME-Version, Content-Type), and what mailbox
    /// providers act on (List-Unsubscribe and -Post, which RFC 8058 requires signed; List-ID; Feedback-ID).
    public static let defaultHeaderNames = [
        "From", "Reply-To", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "List-Unsubscribe", "List-Unsubscribe-Post", "List-ID", "Feedback-ID",
    ]

    public init(key: DKIMKey, domain: String, selector: String, headerNames: [String] = defaultHeaderNames, overSignedNames: [String] = ["From"]) throws(DKIMSigningError) {
        guard SenderDKIM.isValidDomain(domain) else { throw .invalidDomain(domain) }
        guard SenderDKIM.isValidSelector(selector) else { throw .invalidSelector(selector) }
        self.key = key
        self.domain = domain
        self.selector = selector
        self.headerNames = headerNames
        self.overSignedNames = overSignedNames
        self.lowercasedNames = headerNames.map { $0.lowercased() }
    }

    /// The `DKIM-Signature` field for `message` (CRLF line ends), signed at `time`; no final CRLF.
    public func signatureField(for message: [UInt8], at time: Date) throws(DKIMSigningError) -> String {
        try signatureField(for: DKIMMessageParts(message), at: time)
    }

    public func signatureField(for parts: DKIMMessageParts, at time: Date) throws(DKIMSigningError) -> String {
        try signatureField(for: prepare(parts), at: time)
    }

    /// What a signature takes from the message whatever the key: `h=`, `bh=` and the canonicalized
    /// header fields `h=` picks. Two signers with the same header lists share one (`DKIMMessageSigner`).
    struct PreparedMessage {
        var signedHeaders: [String]
        var bodyHash: String
        var headerHashInput: [UInt8]
    }

    /// Whether `other` would prepare a message as this signer does (same fields signed and over-signed).
    func preparesLike(_ other: DKIMSigner) -> Bool {
        headerNames == other.headerNames && overSignedNames == other.overSignedNames
    }

    func prepare(_ parts: DKIMMessageParts) throws(DKIMSigningError) -> PreparedMessage {
        let (names, lowercased) = signedHeaderNames(parts.fields)
        guard lowercased.contains("from") else { throw .noFromField }
        return PreparedMessage(
            signedHeaders: names,
            bodyHash: Data(DKIMBodyHash.digest(of: parts.body, canonicalization: .relaxed)).base64EncodedString(),
            headerHashInput: Self.headerHashInput(fields: parts.fields, lowercasedNames: lowercased, canonicalization: .relaxed)
        )
    }

    func signatureField(for prepared: PreparedMessage, at time: Date) throws(DKIMSigningError) -> String {
        let header = DKIMSignatureHeader(
            algorithm: key.algorithm, domain: domain, selector: selector,
            timestamp: Int64(time.timeIntervalSince1970.rounded(.down)), signedHeaders: prepared.signedHeaders,
            bodyHash: prepared.bodyHash
        )
        let unsigned = header.unsignedField
        let signature: [UInt8]
        do {
            signature = try Self.signature(key: key, headerHashInput: prepared.headerHashInput, canonicalization: .relaxed, unsignedField: unsigned)
        } catch {
            throw .key(error)
        }
        return DKIMSignatureHeader.signedField(unsigned: unsigned, signature: Data(signature).base64EncodedString())
    }

    /// `h=` for these fields: each configured name as often as the message has it, then the over-signed
    /// names once more; and the lower-cased names of the fields present, one per instance, in `h=` order
    /// (what the header hash takes, an over-signed name adding nothing).
    func signedHeaderNames(_ fields: [DKIMHeaderField]) -> (names: [String], present: [String]) {
        var counts: [String: Int] = [:]
        for field in fields { counts[field.lowercasedName, default: 0] += 1 }
        var names: [String] = []
        var present: [String] = []
        for (name, lower) in zip(headerNames, lowercasedNames) {
            let count = counts[lower] ?? 0
            names += repeatElement(name, count: count)
            present += repeatElement(lower, count: count)
            if overSignedNames.contains(name) { names.append(name) }
        }
        return (names, present)
    }

    /// The signature (`b=`, raw bytes) over `fields` as `signedHeaders` picks them and the DKIM-Signature
    /// field `unsignedField` (its `b=` empty), all canonicalized with `canonicalization` (RFC 6376 3.7).
    ///
    /// Each name in `signedHeaders` takes the last instance of that field not yet taken (5.4.2); a name
    /// with none left adds nothing. Public so the published vectors can be checked against their own
    /// signature fields, with tags and folding as they wrote them.
    public static func signature(
        key: DKIMKey, fields: [DKIMHeaderField], signedHeaders: [String], canonicalization: DKIMCanonicalization, unsignedField: String
    ) throws(DKIMKeyError) -> [UInt8] {
        // The vectors write `h=` with folding whitespace between the names.
        let lowercased = signedHeaders.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        let input = headerHashInput(fields: fields, lowercasedNames: lowercased, canonicalization: canonicalization)
        return try signature(key: key, headerHashInput: input, canonicalization: canonicalization, unsignedField: unsignedField)
    }

    static func signature(
        key: DKIMKey, headerHashInput: [UInt8], canonicalization: DKIMCanonicalization, unsignedField: String
    ) throws(DKIMKeyError) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: headerHashInput)
        let unsignedBytes = Array(unsignedField.utf8)
        hasher.update(data: canonicalization.canonicalizeWithoutLineEnd(unsignedBytes[...]))
        return try key.signature(forHash: hasher.finalize())
    }

    /// The canonicalized fields `h=` picks, given its names lower-cased: each takes the last instance of
    /// that field not yet taken (5.4.2); a name with none left adds nothing.
    static func headerHashInput(fields: [DKIMHeaderField], lowercasedNames: [String], canonicalization: DKIMCanonicalization) -> [UInt8] {
        var positions: [String: [Int]] = [:]
        for (index, field) in fields.enumerated() { positions[field.lowercasedName, default: []].append(index) }
        var out: [UInt8] = []
        for name in lowercasedNames {
            guard let last = positions[name]?.popLast() else { continue }
            out += canonicalization.canonicalize(fields[last])
        }
        return out
    }
}
