import Foundation

/// PEM armour (RFC 7468): the label and the DER bytes of the first block in a text, and the way back.
/// Only the armour: what the DER means is for the key types to say.
enum DKIMPEM {
    struct Block {
        var label: String
        var der: [UInt8]?
    }

    /// The first `-----BEGIN label-----` … `-----END label-----` block; `der` is nil when its base64 is damaged.
    static func firstBlock(in text: String) -> Block? {
        guard let begin = text.range(of: "-----BEGIN ") else { return nil }
        guard let labelEnd = text.range(of: "-----", range: begin.upperBound..<text.endIndex) else { return nil }
        let label = String(text[begin.upperBound..<labelEnd.lowerBound])
        guard let end = text.range(of: "-----END \(label)-----", range: labelEnd.upperBound..<text.endIndex) else {
            return Block(label: label, der: nil)
        }
        let body = text[labelEnd.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Block(label: label, der: Data(base64Encoded: String(body)).map { [UInt8]($0) })
    }

    /// `der` armoured with `label`, base64 in lines of 64, ending with a line break.
    static func encode(label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let next = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<next]))
            index = next
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
