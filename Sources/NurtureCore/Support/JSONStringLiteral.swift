/// A string as a JSON string literal, byte for byte as `JSONEncoder` writes it on Linux with
/// `.withoutEscapingSlashes`: `"` and `\` escaped with a backslash, the control characters U+0000–U+001F
/// as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx` (lower-case hex), everything else (`/`, DEL, non-ASCII,
/// U+2028) as it is. For the JSON nurture writes a million times (stored columns, JSON Lines output);
/// the writers' tests hold each to `JSONEncoder`.
public enum JSONStringLiteral {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text`, quoted and escaped, to `bytes`; runs that need no escape are copied at once, found
    /// eight bytes at a time.
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var clean = 0
            func visit(_ index: Int) {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { return }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
                clean = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(hexDigits[Int(byte >> 4)])
                    bytes.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            var index = 0
            if let base = utf8.baseAddress {
                while index + 8 <= utf8.count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if mayNeedEscape(word) {
                        for byte in index..<(index + 8) { visit(byte) }
                    }
                    index += 8
                }
            }
            while index < utf8.count {
                visit(index)
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// False when none of the eight bytes is below 0x20, a quote or a backslash (each test is exact when no
    /// byte matches: a borrow only spreads from a byte that does).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highs != 0
        return belowSpace || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}
