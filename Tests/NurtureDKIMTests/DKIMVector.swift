import Foundation
import NurtureDKIM
import NurtureTestSupport

/// One signature of the published DKIM vectors (`../shared/conformance/dkim-vectors/INDEX.tsv`): the
/// message, which of its DKIM-Signature fields, the tags INDEX.tsv says it has, and its key files.
struct DKIMVector: CustomStringConvertible {
    var message: String
    var signatureIndex: Int
    var algorithm: String
    var canonicalization: String
    var domain: String
    var selector: String
    var timestamp: String
    var privateKey: String
    var dnsTXT: String
    var bodyHash: String
    var signature: String

    var description: String { "\(message)#\(signatureIndex) (\(algorithm), \(canonicalization))" }

    static let directory = "dkim-vectors"

    static func all() throws -> [DKIMVector] {
        try Conformance.tsv("\(directory)/INDEX.tsv").filter { $0.count >= 11 }.map { row in
            DKIMVector(
                message: row[0], signatureIndex: Int(row[1]) ?? -1, algorithm: row[2], canonicalization: row[3],
                domain: row[4], selector: row[5], timestamp: row[6], privateKey: row[7], dnsTXT: row[8],
                bodyHash: row[9], signature: row[10]
            )
        }
    }

    static func url(_ path: String) -> URL {
        Conformance.directory.appendingPathComponent(directory).appendingPathComponent(path)
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// The message as it goes on the wire: some vector files have LF line ends, which SMTP makes CRLF.
    func messageBytes() throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: Self.url(message)))
        guard !bytes.contains(0x0D) else { return bytes }
        var out: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A { out.append(0x0D) }
            out.append(byte)
        }
        return out
    }

    func key() throws -> DKIMKey { try DKIMKey(fileContents: try Self.text(privateKey)) }

    /// The `p=` its DNS file publishes for this selector and domain.
    func publishedPublicKey() throws -> String? {
        let name = "\(selector)._domainkey.\(domain)."
        for line in try Self.text(dnsTXT).split(separator: "\n") where line.hasPrefix(name + "\t") {
            return DKIMTags.parse(String(line.dropFirst(name.count + 1)))["p"]
        }
        return nil
    }
}

/// A DKIM tag list read back (`a=rsa-sha256; b=…`): names to values, whitespace removed from the values
/// (folding inside base64 is allowed). For checking what a signer wrote, not part of the signer.
enum DKIMTags {
    static func parse(_ list: String) -> [String: String] {
        var tags: [String: String] = [:]
        for part in list.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
            tags[name] = part[part.index(after: equals)...].filter { !$0.isWhitespace }
        }
        return tags
    }

    /// The tags of a raw `DKIM-Signature: …` field.
    static func ofField(_ raw: some Sequence<UInt8>) -> [String: String] {
        let text = String(decoding: Array(raw), as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return [:] }
        return parse(String(text[text.index(after: colon)...]))
    }

    /// The field with the value of `b=` removed, as a verifier sees it (RFC 6376 3.7): everything after
    /// `b=` up to the next `;` or the end. `bh=` is left alone.
    static func withoutSignature(_ raw: some Sequence<UInt8>) -> String {
        let text = String(decoding: Array(raw), as: UTF8.self)
        var searchStart = text.startIndex
        while let found = text.range(of: "b", range: searchStart..<text.endIndex) {
            searchStart = found.upperBound
            // A tag name starts the field value or follows ';' and whitespace.
            let before = text[text.startIndex..<found.lowerBound].reversed().first { !$0.isWhitespace }
            guard before == ";" || before == ":" else { continue }
            let after = text[found.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            guard after.first == "=" else { continue }
            let valueStart = text.index(after: after.startIndex)
            let valueEnd = text[valueStart...].firstIndex(of: ";") ?? text.endIndex
            return String(text[..<valueStart]) + String(text[valueEnd...])
        }
        return text
    }
}
