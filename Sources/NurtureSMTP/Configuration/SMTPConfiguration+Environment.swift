import Foundation
import NurtureCore

extension SMTPConfiguration {
    /// Reads NURTURE_SMTP_URL (required), NURTURE_SMTP_USER, and NURTURE_SMTP_PASSWORD or
    /// NURTURE_SMTP_PASSWORD_FILE (the file's content, one trailing newline trimmed), and the address
    /// policy (NURTURE_ALLOW_RESERVED_DOMAINS, see `EmailAddress.Policy`). Other settings keep their defaults.
    public static func fromEnvironment(_ env: [String: String]) throws(SMTPConfigurationError) -> SMTPConfiguration {
        guard let url = env["NURTURE_SMTP_URL"], !url.isEmpty else {
            throw SMTPConfigurationError("is not set", place: "NURTURE_SMTP_URL")
        }
        let user = env["NURTURE_SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
        let inline = env["NURTURE_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let file = env["NURTURE_SMTP_PASSWORD_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        var password: SMTPSecret?
        switch (inline, file) {
        case (.some, .some):
            throw SMTPConfigurationError("set NURTURE_SMTP_PASSWORD or NURTURE_SMTP_PASSWORD_FILE, not both",
                                         place: "NURTURE_SMTP_PASSWORD_FILE")
        case let (.some(value), nil):
            password = SMTPSecret(value)
        case let (nil, .some(path)):
            password = SMTPSecret(try readPasswordFile(path))
        case (nil, nil):
            password = nil
        }
        if password != nil, user == nil {
            throw SMTPConfigurationError("a password is set but no user", place: "NURTURE_SMTP_USER")
        }
        if let password, password.value.containsLineBreakOrControl {
            throw SMTPConfigurationError("the password contains a line break or control character", place: "NURTURE_SMTP_PASSWORD")
        }
        do {
            return try SMTPConfiguration(url: url, user: user, password: password, addressPolicy: .fromEnvironment(env))
        } catch {
            throw SMTPConfigurationError(error.message, place: "NURTURE_SMTP_URL")
        }
    }

    private static func readPasswordFile(_ path: String) throws(SMTPConfigurationError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SMTPConfigurationError("cannot read the password file '\(path)'", place: "NURTURE_SMTP_PASSWORD_FILE")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw SMTPConfigurationError("the password file '\(path)' is not UTF-8", place: "NURTURE_SMTP_PASSWORD_FILE")
        }
        if text.hasSuffix("\r\n") { text.removeLast() } else if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw SMTPConfigurationError("the password file '\(path)' is empty", place: "NURTURE_SMTP_PASSWORD_FILE")
        }
        return text
    }
}
