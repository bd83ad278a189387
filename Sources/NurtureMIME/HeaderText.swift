import NurtureCore

/// Checks on text that goes into a header: nothing that could end the line or smuggle in a header.
enum HeaderText {
    /// Throws when `value` holds CR, LF, NUL, any other C0 or C1 control but TAB (U+0085 included),
    /// U+2028 or U+2029, naming `field`.
    static func check(_ value: String, field: String) throws(MessageError) {
        guard value.containsLineBreakOrControl else { return }
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x09:
                continue
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                throw .lineBreak(in: field, scalar: scalar)
            case 0x00...0x1F, 0x7F...0x9F:
                throw .controlCharacter(in: field, scalar: scalar)
            default:
                continue
            }
        }
    }

    /// True when every scalar is printable ASCII, space or TAB.
    static func isPrintableASCII(_ value: String) -> Bool {
        ASCII.allBytes(of: value) { ($0 >= 0x20 && $0 <= 0x7E) || $0 == ASCII.tab }
    }
}
