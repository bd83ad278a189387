import Foundation

/// The one check of "an http(s) link with a host", for campaign files (unsubscribe, booking and catalog
/// links) and for links that come with contact data (a registration's `join_url`).
public enum WebURL {
    /// `http://` or `https://`, with a host, as Foundation's URL parser reads it.
    public static func isValid(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return scheme == "https" || scheme == "http"
    }

    /// Valid, and safe to show verbatim when the text is hostile: nothing Foundation would quietly
    /// percent-encode, and nothing that could end an attribute or a line (spaces, controls, quotes,
    /// angle brackets, backtick, backslash, U+2028/U+2029); at most 2,048 bytes.
    public static func isValidAndPlain(_ text: String) -> Bool {
        text.utf8.count <= 2048
            && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !unsafeBytes.contains($0) }
            && isValid(text)
    }

    private static let unsafeBytes: Set<UInt8> = Set("\"'<>`\\".utf8)
}
