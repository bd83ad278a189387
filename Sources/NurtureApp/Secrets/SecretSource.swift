import Foundation

/// Secrets from the environment or a file, never from a campaign file: `NAME` holds the value, or
/// `NAME_FILE` the path of a file holding it (one secret a line; blank lines and `#` comments skipped).
public enum SecretSource {
    /// The secrets `name` configures, first the one to sign with; empty when neither variable is set.
    /// Throws when the file cannot be read or a secret is shorter than `minimumLength`.
    public static func secrets(_ name: String, environment: [String: String], minimumLength: Int = 16) throws -> [String] {
        var found: [String] = []
        if let value = environment[name], !value.isEmpty {
            found.append(value)
        }
        if let path = environment["\(name)_FILE"], !path.isEmpty {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw NurtureError("\(name)_FILE: cannot read \(path): \(error.localizedDescription)")
            }
            for line in text.split(whereSeparator: \.isNewline) {
                let secret = line.trimmingCharacters(in: .whitespaces)
                if !secret.isEmpty && !secret.hasPrefix("#") { found.append(secret) }
            }
            if found.isEmpty { throw NurtureError("\(name)_FILE: \(path) holds no secret") }
        }
        for (index, secret) in found.enumerated() where secret.utf8.count < minimumLength {
            // Which one, never what it is.
            throw NurtureError("\(name): secret \(index + 1) is \(secret.utf8.count) bytes; use at least \(minimumLength) random bytes (e.g. `openssl rand -base64 32`)")
        }
        return found
    }
}
