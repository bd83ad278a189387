import NurtureCore

/// JSON text of a list of strings or a map of strings to strings, written byte for byte as
/// `StoredJSON`'s `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`) writes it on Linux, without
/// its cost (an encoder tree per value): compact; keys in the byte order of their UTF-8; strings as
/// `JSONStringLiteral` writes them.
/// `StoredJSONTests` holds it against the encoder.
enum StringsJSONWriter {
    static func array(_ list: [String]) -> String {
        if list.isEmpty { return "[]" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(list.reduce(2) { $0 + $1.utf8.count + 3 })
        bytes.append(UInt8(ascii: "["))
        for (index, item) in list.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStringLiteral.append(item, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func object(_ map: [String: String]) -> String {
        if map.isEmpty { return "{}" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(map.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        bytes.append(UInt8(ascii: "{"))
        for (index, member) in map.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStringLiteral.append(member.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONStringLiteral.append(member.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
