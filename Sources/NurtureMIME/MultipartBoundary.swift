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
        let hex = String(hash.value, radix: 16)
        return prefix + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
