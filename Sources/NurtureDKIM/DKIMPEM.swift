import Foundation

/// PEM armour (RFC 7468): the label and the DER bytes of the first block in a text, and the way back.
/// Only the armour: what the DER means is for the key types to say.
enum DKIMPEM {
    struct Block {
        var label: String
        var der: [UInt8]?
    }

    /// The first `-----BEGIN label-----` … `-----END label-----` block; `der` is nil when its base64 is damaged.
    /// The label must close on its own BEGIN line and be a plausible RFC 7468 label (letters, digits,
    /// spaces, at most 64): a damaged BEGIN line must not make the key's base64 a "label" that an error
    /// message would show.
    static func firstBlock(in text: String) -> Block? {
        guard let begin = text.range(of: "-----BEGIN ") else { return nil }
        guard let labelEnd = text.range(of: "-----", range: begin.upperBound..<text.endIndex) else { return nil }
        let label = String(text[begin.upperBound..<labelEnd.lowerBound])
        guard label.utf8.count <= 64, label.utf8.allSatisfy(isLabelByte) else { return nil }
        guard let end = text.range(of: "-----END \(label)-----", range: labelEnd.upperBound..<text.endIndex) else {
            return Block(label: label, der: nil)
        }
        let body = text[labelEnd.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Block(label: label, der: Data(base64Encoded: String(body)).map { [UInt8]($0) })
    }

    static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: " ")
    }

    /// `der` armoured with `label`, base64 in lines of 64, ending with a line break.
    static func encode(label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }
}
