/// The members of a JSON object whose values are all strings (or the items of an array of strings), read
/// straight from the bytes: what an events line nearly always is, and what the store's JSON columns
/// (properties, custom fields, interests) always are; what `JSONDecoder` decoding `[String: String]` (or
/// `[String]`) gives for it, at a small fraction of its cost.
///
/// Only the plain case is read: an object (JSON white space around its tokens), string names and values,
/// the escapes `\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t` and `\uXXXX` (a surrogate pair as one character), other
/// characters as they are in valid UTF-8. Anything else is nil, for `JSONDecoder` to read and word the error:
/// another kind of value, a lone surrogate, a control character not escaped, invalid UTF-8, a name given twice
/// (or two names that are equal as Swift strings), text after the object. `StringMembersJSONTests` hold it
/// against `JSONDecoder`.
public enum StringMembersJSON {
    public static func members(_ bytes: [UInt8]) -> [String: String]? {
        bytes.withUnsafeBufferPointer(members)
    }

    /// The same, read from a string's UTF-8.
    public static func members(_ text: String) -> [String: String]? {
        var text = text
        return text.withUTF8(members)
    }

    /// The same, read from bytes held elsewhere (a statement's column, as the store steps through rows).
    public static func members(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        var reader = Reader(bytes: bytes)
        return reader.object()
    }

    /// The items of a JSON array of strings, in order, read from a string's UTF-8; nil when it is anything else.
    public static func items(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8(items)
    }

    /// The same, read from bytes held elsewhere.
    public static func items(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var reader = Reader(bytes: bytes)
        return reader.array()
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// A string's bytes once it has an escape (a string without one is made from `bytes` at once).
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// At least the number of members an object at `position` can have: one `:` each (a string's colons
        /// only make it more). Room made once, not grown member by member.
        func memberBound() -> Int {
            var colons = 0
            for index in position..<bytes.count where bytes[index] == UInt8(ascii: ":") { colons += 1 }
            return colons
        }

        mutating func object() -> [String: String]? {
            skipWhiteSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipWhiteSpace()
            var members = [String: String](minimumCapacity: memberBound())
            if !take(UInt8(ascii: "}")) {
                while true {
                    guard let name = string() else { return nil }
                    skipWhiteSpace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipWhiteSpace()
                    guard let value = string() else { return nil }
                    guard members.updateValue(value, forKey: name) == nil else { return nil }
                    skipWhiteSpace()
                    if take(UInt8(ascii: "}")) { break }
                    guard take(UInt8(ascii: ",")) else { return nil }
                    skipWhiteSpace()
                }
            }
            skipWhiteSpace()
            return position == bytes.count ? members : nil
        }

        mutating func array() -> [String]? {
            skipWhiteSpace()
            guard take(UInt8(ascii: "[")) else { return nil }
            var items: [String] = []
            skipWhiteSpace()
            if !take(UInt8(ascii: "]")) {
                while true {
                    guard let item = string() else { return nil }
                    items.append(item)
                    skipWhiteSpace()
                    if take(UInt8(ascii: "]")) { break }
                    guard take(UInt8(ascii: ",")) else { return nil }
                    skipWhiteSpace()
                }
            }
            skipWhiteSpace()
            return position == bytes.count ? items : nil
        }

        mutating func skipWhiteSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// A string token, unescaped; nil when it is not one or is not the plain case.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            // Escapes give valid UTF-8; bytes taken as they are need checking only when one is not ASCII.
            var takenNonASCII = false
            var escaped = false
            while position < bytes.count {
                let start = position
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                    if byte >= 0x80 { takenNonASCII = true }
                    position += 1
                }
                let run = UnsafeBufferPointer(rebasing: bytes[start..<position])
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    // Without an escape, the run is the whole string: made from the bytes, no copy first.
                    guard escaped else { return Self.text(run, checked: takenNonASCII) }
                    scratch.append(contentsOf: run)
                    return scratch.withUnsafeBufferPointer { Self.text($0, checked: takenNonASCII) }
                case UInt8(ascii: "\\"):
                    if !escaped {
                        escaped = true
                        scratch.removeAll(keepingCapacity: true)
                    }
                    scratch.append(contentsOf: run)
                    guard unescape() else { return nil }
                default:
                    return nil                          // a control character
                }
            }
            return nil
        }

        /// UTF-8 as a string; checked when it holds bytes taken as they are that are not ASCII (nil when invalid).
        static func text(_ utf8: UnsafeBufferPointer<UInt8>, checked: Bool) -> String? {
            checked ? String(validating: utf8, as: UTF8.self) : String(decoding: utf8, as: UTF8.self)
        }

        /// The escape after a backslash, appended to `scratch`.
        mutating func unescape() -> Bool {
            guard position < bytes.count else { return false }
            let letter = bytes[position]
            position += 1
            switch letter {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hexUnit() else { return false }
                var value = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hexUnit(), (0xDC00...0xDFFF).contains(low) else {
                        return false
                    }
                    value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    return false
                }
                guard let scalar = Unicode.Scalar(value), let encoded = UTF8.encode(scalar) else { return false }
                scratch.append(contentsOf: encoded)
            default:
                return false
            }
            return true
        }

        /// Four hexadecimal digits.
        mutating func hexUnit() -> UInt16? {
            guard bytes.count - position >= 4 else { return nil }
            var unit: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                position += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                unit = unit << 4 | UInt16(digit)
            }
            return unit
        }
    }
}
