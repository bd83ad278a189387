import Foundation

/// Keeps credentials out of the server replies nurture shows and stores. Some servers echo what the
/// client sent in a refusal (`535 5.7.8 authentication failed for AG51cnR1cmUAc2VjcmV0`): the password,
/// in plain text or inside an AUTH blob, becomes `<redacted>`; and in a reply to AUTH, every token that
/// looks like base64 of some length is redacted too, whatever credentials it carries.
struct SMTPReplyRedaction: Sendable {
    /// The password and the base64 forms libcurl sends it in (LOGIN: the password alone; PLAIN:
    /// `\0user\0password`), longest first.
    private let secrets: [String]

    init(user: String?, password: String?) {
        guard let password, !password.isEmpty else { secrets = []; return }
        var forms = [password, Data(password.utf8).base64EncodedString()]
        forms.append(Data("\0\(user ?? "")\0\(password)".utf8).base64EncodedString())
        forms.append(Data("\(user ?? "")\0\(user ?? "")\0\(password)".utf8).base64EncodedString())
        secrets = forms.sorted { $0.count > $1.count }
    }

    /// `line` with every secret, and in an AUTH exchange every base64-like token of 16 or more
    /// characters, replaced by `<redacted>`.
    func redact(_ line: String, inAuthExchange: Bool) -> String {
        var line = line
        for secret in secrets where line.contains(secret) {
            line = line.replacingOccurrences(of: secret, with: "<redacted>")
        }
        guard inAuthExchange else { return line }
        return line.split(separator: " ", omittingEmptySubsequences: false)
            .map { Self.looksLikeBase64($0) ? "<redacted>" : String($0) }
            .joined(separator: " ")
    }

    static func looksLikeBase64(_ token: Substring) -> Bool {
        guard token.utf8.count >= 16 else { return false }
        return token.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
        }
    }
}
