/// The `multipart/alternative` boundary: `=_nurture_` and a 64-bit FNV-1a hash (hex) of the
/// Message-ID and the bodies.
///
/// Derived from the content, so the same message always gets the same boundary. It starts with
/// `=_`, which quoted-printable text can never contain (QP writes `=` only as `=XX` or as a soft
/// break at the end of a line), so the boundary cannot occur inside a part.
enum MultipartBoundary {
    static let prefix = "=_nurture_"

    static func make(messageID: String, textBody: String, htmlBody: String) -> String {
        var hash = FNV1a64()
        hash.add(messageID.utf8)
        hash.add(CollectionOfOne(0))
        hash.add(textBody.utf8)
        hash.add(CollectionOfOne(0))
        hash.add(htmlBody.utf8)
        // The hash as 16 lower-case hex digits, zero-padded, after the prefix.
        let value = hash.value
        return prefix + String(unsafeUninitializedCapacity: 16) { digits in
            for index in 0 ..< 16 {
                let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
                digits[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            return 16
        }
    }
}
