import Foundation

/// Independent decoders for the tests: quoted-printable and RFC 2047 B words.
enum Decoders {
    /// Quoted-printable lines (CRLF separated) back to bytes, hard breaks as CRLF. Nil on a
    /// malformed escape.
    static func quotedPrintable(_ encoded: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if byte == UInt8(ascii: "=") {
                if index + 1 < encoded.count, encoded[index + 1] == 0x0D {
                    guard index + 2 < encoded.count, encoded[index + 2] == 0x0A else { return nil }
                    index += 3 // soft break
                    continue
                }
                guard index + 2 < encoded.count,
                      let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The text of one `=?UTF-8?B?...?=` word, or nil when it is not one or is not whole UTF-8.
    static func encodedWord(_ word: String) -> String? {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return nil }
        let payload = word.dropFirst(10).dropLast(2)
        guard let data = Data(base64Encoded: String(payload)) else { return nil }
        return String(validating: data, as: UTF8.self)
    }

    /// Encoded words separated by whitespace (folded or not) back to text.
    static func encodedWords(_ text: String) -> String? {
        var out = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }) {
            guard let decoded = encodedWord(String(word)) else { return nil }
            out += decoded
        }
        return out
    }
}
