/// The stand-in for slot `i`'s text while a skeleton is rendered: U+E000, the slot number, `&`, U+E001.
/// Private-use characters that no template holds (`TemplateLibrary` caches no skeleton of one that
/// does), and an `&` that HTML escaping turns into `&amp;`, so the output tells an escaped `{{x}}` from
/// an unescaped `{{{x}}}`.
enum RenderPlaceholder {
    static let begin: Unicode.Scalar = "\u{E000}"
    static let end: Unicode.Scalar = "\u{E001}"
    private static let beginBytes = Array(String(begin).utf8)
    static let endBytes = Array(String(end).utf8)
    private static let escapedAmpersand = Array("&amp;".utf8)

    static func text(slot: Int) -> String { "\(begin)\(slot)&\(end)" }

    /// Whether `text` holds either private-use character.
    static func occurs(in text: String) -> Bool {
        text.unicodeScalars.contains { $0 == begin || $0 == end }
    }

    /// A placeholder at `position` of `bytes`: its slot, whether it was escaped, and where it ends; nil
    /// when none starts there.
    static func match(_ bytes: [UInt8], at position: Int) -> (slot: Int, escaped: Bool, end: Int)? {
        var index = position
        guard bytes[index...].starts(with: beginBytes) else { return nil }
        index += beginBytes.count
        var slot = 0
        let digitsStart = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), index - digitsStart < 9 {
            slot = slot * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > digitsStart else { return nil }
        let escaped: Bool
        if bytes[index...].starts(with: escapedAmpersand) {
            escaped = true
            index += escapedAmpersand.count
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "&") {
            escaped = false
            index += 1
        } else {
            return nil
        }
        guard bytes[index...].starts(with: endBytes) else { return nil }
        return (slot, escaped, index + endBytes.count)
    }
}
