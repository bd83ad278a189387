import Foundation

/// RFC 4648 section 5 base64url, without padding: for tokens carried in URLs.
enum Base64URL {
    /// The 64 characters, `-` and `_` where base64 has `+` and `/`.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            // 2, 3 or 4 characters for 1, 2 or 3 bytes: no padding.
            for shift in stride(from: 18, through: 18 - 6 * count, by: -6) {
                out.append(alphabet[Int((group >> UInt32(shift)) & 0x3F)])
            }
            index += count
        }
        return String(decoding: out, as: UTF8.self)
    }
}
