import Foundation

/// Signs a message with every configured key (RSA, Ed25519, or both, RFC 8463 6) and puts the
/// `DKIM-Signature` fields on top of it, the first signer's first. Each signature covers the message as
/// it was before any of them was added, so either verifies alone.
public struct DKIMMessageSigner: Sendable {
    public let signers: [DKIMSigner]

    public init(signers: [DKIMSigner]) {
        self.signers = signers
    }

    /// `message` with its signature fields prepended: the exact bytes for the wire.
    public func sign(_ message: [UInt8], at time: Date) throws(DKIMSigningError) -> [UInt8] {
        guard !signers.isEmpty else { return message }
        let parts = DKIMMessageParts(message)
        // With two keys the body hash and the signed fields are the same for both: worked out once.
        let first = try signers[0].prepare(parts)
        var out: [UInt8] = []
        var fields: [String] = []
        for signer in signers {
            let prepared = signer.preparesLike(signers[0]) ? first : try signer.prepare(parts)
            fields.append(try signer.signatureField(for: prepared, at: time))
        }
        out.reserveCapacity(message.count + fields.reduce(0) { $0 + $1.utf8.count + 2 })
        for field in fields {
            out += field.utf8
            out += [0x0D, 0x0A]
        }
        out += message
        return out
    }
}
