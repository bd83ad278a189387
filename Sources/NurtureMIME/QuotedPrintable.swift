import NurtureCore

/// RFC 2045 quoted-printable, as the builder writes bodies.
///
/// - Line breaks in the text (CRLF, LF or a lone CR) become hard breaks, written as CRLF.
/// - Printable ASCII but `=` is written as is; `=`, controls and every byte of a non-ASCII
///   character are written as `=XX` (upper-case hex). A soft break never falls inside an `=XX`.
/// - Space and TAB are escaped at the end of a line, so no encoded line ends in whitespace.
/// - No encoded line is longer than 76 characters (a soft break `=` included).
/// - A `.` or a `From ` at the start of an encoded line is escaped (`=2E`, `=46`), so the text
///   survives SMTP dot handling and mbox `From ` quoting unchanged.
public enum QuotedPrintable {
    public static let maxLineLength = 76

    /// The encoded text, lines separated by CRLF. Without a trailing line break in `text`, the
    /// result does not end in CRLF either.
    public static func encode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            // At most 3 bytes per byte (`=XX`), 2 per line break (CRLF for LF), and a 3-byte soft break per
            // 73 written: under 5 per byte.
            [UInt8](unsafeUninitializedCapacity: 5 * bytes.count + 16) { buffer, written in
                var writer = Writer(base: buffer.baseAddress!)
                var isFirst = true
                forEachHardLine(bytes) { line in
                    if !isFirst { writer.crlf() }
                    isFirst = false
                    encodeLine(line, into: &writer)
                }
                written = writer.count
            }
        }
    }

    /// Appends to a buffer known to be large enough.
    private struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func append(_ byte: UInt8) {
            base[count] = byte
            count += 1
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            (base + count).update(from: bytes.baseAddress!, count: bytes.count)
            count += bytes.count
        }

        mutating func crlf() {
            append(ASCII.cr)
            append(ASCII.lf)
        }
    }

    /// Calls `body` with each line of `bytes`, split at CRLF, LF or a lone CR.
    private static func forEachHardLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time past those with none below 14 (CR is 13, LF 10).
            while index + 8 <= bytes.count, !EightBytes.hasByte(EightBytes.load(bytes.baseAddress!, at: index), below: 14) { index += 8 }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == ASCII.cr || byte == ASCII.lf {
                body(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                if byte == ASCII.cr, index + 1 < bytes.count, bytes[index + 1] == ASCII.lf {
                    index += 1
                }
                start = index + 1
            }
            index += 1
        }
        body(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    private static func encodeLine(_ line: UnsafeBufferPointer<UInt8>, into out: inout Writer) {
        var lineLength = 0
        var index = 0
        let lastIndex = line.count - 1
        while index < line.count {
            // Most bytes: visible ASCII, space or TAB that goes as itself whatever its place (not `=`, and
            // not `.` or `F`, which depend on the line start), not the line's last byte, and with room
            // left before the soft break's column.
            let byte = line[index]
            if index != lastIndex, lineLength < maxLineLength - 2, isPlain(byte) {
                // The whole run of such bytes, copied at once.
                let bound = min(lastIndex, index + (maxLineLength - 2 - lineLength))
                var end = index + 1
                while end + 8 <= bound, isPlain(EightBytes.load(line.baseAddress!, at: end)) { end += 8 }
                while end < bound, isPlain(line[end]) { end += 1 }
                out.append(UnsafeBufferPointer(rebasing: line[index..<end]))
                lineLength += end - index
                index = end
                continue
            }
            let isLast = index == lastIndex
            // Every encoded line but the last of a hard line needs room for the soft break's `=`.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            var literal = isLiteral(at: index, of: line, atLineStart: lineLength == 0, isLast: isLast)
            if lineLength + (literal ? 1 : 3) > limit {
                out.append(ASCII.equals)
                out.crlf()
                lineLength = 0
                literal = isLiteral(at: index, of: line, atLineStart: true, isLast: isLast)
            }
            if literal {
                out.append(byte)
                lineLength += 1
            } else {
                out.append(ASCII.equals)
                out.append(ASCII.upperHexDigit(byte >> 4))
                out.append(ASCII.upperHexDigit(byte & 0x0F))
                lineLength += 3
            }
            index += 1
        }
    }

    /// Visible ASCII but `=`, `.` and `F`, or space or TAB: written as itself anywhere but at a line's end.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.equals, ASCII.dot, UInt8(ascii: "F"): return false
        case 33...126, ASCII.space, ASCII.tab: return true
        default: return false
        }
    }

    /// Whether all eight bytes of `word` are visible ASCII but `=`, `.` and `F`, or space (each `isPlain`;
    /// false when one is a TAB, which `isPlain` also takes).
    @inline(__always)
    private static func isPlain(_ word: UInt64) -> Bool {
        !EightBytes.hasByte(word, below: 0x20) && !EightBytes.hasByte(word, above: 0x7E)
            && !EightBytes.hasByte(word, equalTo: ASCII.equals) && !EightBytes.hasByte(word, equalTo: ASCII.dot)
            && !EightBytes.hasByte(word, equalTo: UInt8(ascii: "F"))
    }

    /// Whether the byte goes as itself (else as `=XX`).
    private static func isLiteral(at index: Int, of line: UnsafeBufferPointer<UInt8>, atLineStart: Bool, isLast: Bool) -> Bool {
        switch line[index] {
        case ASCII.space, ASCII.tab:
            return !isLast
        case ASCII.dot:
            return !atLineStart
        case UInt8(ascii: "F"):
            return !(atLineStart && line[index...].starts(with: "From ".utf8))
        case ASCII.equals:
            return false
        case 33...126:
            return true
        default:
            return false
        }
    }
}
