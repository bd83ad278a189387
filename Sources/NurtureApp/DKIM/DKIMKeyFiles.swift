import Foundation
import NurtureDKIM

/// Where the DKIM private keys are: a path from the environment or a flag (the flag wins), and which
/// of the two named it, for messages. Never the key itself.
public struct DKIMKeyFiles: Hashable, Sendable {
    public struct Source: Hashable, Sendable, CustomStringConvertible {
        public var path: String
        /// `NURTURE_DKIM_KEY_FILE`, `--dkim-key`, …
        public var setting: String

        public init(path: String, setting: String) {
            self.path = path
            self.setting = setting
        }

        public var description: String { "\(path) (\(setting))" }
    }

    public static let keyVariable = "NURTURE_DKIM_KEY_FILE"
    public static let ed25519KeyVariable = "NURTURE_DKIM_ED25519_KEY_FILE"

    /// Signs with the campaign's `selector`: RSA, or Ed25519 when that is the only key.
    public var key: Source?
    /// Signs with the campaign's `ed25519_selector`: a second signature, Ed25519 only.
    public var ed25519Key: Source?

    public init(key: Source? = nil, ed25519Key: Source? = nil) {
        self.key = key
        self.ed25519Key = ed25519Key
    }

    public static func resolve(
        environment: [String: String], keyFlag: String?, ed25519KeyFlag: String?,
        keyFlagName: String = "--dkim-key", ed25519KeyFlagName: String = "--dkim-ed25519-key"
    ) -> DKIMKeyFiles {
        func source(flag: String?, flagName: String, variable: String) -> Source? {
            if let flag { return Source(path: flag, setting: flagName) }
            if let path = environment[variable], !path.isEmpty { return Source(path: path, setting: variable) }
            return nil
        }
        return DKIMKeyFiles(
            key: source(flag: keyFlag, flagName: keyFlagName, variable: keyVariable),
            ed25519Key: source(flag: ed25519KeyFlag, flagName: ed25519KeyFlagName, variable: ed25519KeyVariable)
        )
    }

    public var isEmpty: Bool { key == nil && ed25519Key == nil }

    /// Reads and parses a key file: one line saying what is wrong with it (never what is in it).
    public static func load(_ source: Source) throws(NurtureError) -> DKIMKey {
        let text: String
        do {
            text = try String(contentsOfFile: source.path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: source.path) ? "cannot be read" : "does not exist"
            throw NurtureError("DKIM key \(source): the file \(reason)")
        }
        do {
            return try DKIMKey(fileContents: text)
        } catch {
            throw NurtureError("DKIM key \(source): \(error)")
        }
    }
}
