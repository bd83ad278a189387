import Foundation

/// Runs `dkim_verify.py` (dkimpy, with Debian's /usr/bin/python3) on messages, with the public keys given
/// as TXT records instead of DNS, and decodes what it found: every DKIM signature of every message, and
/// whether it verifies.
public enum DKIMPyVerifier {
    public struct Signature: Decodable, Sendable {
        public var index: Int
        public var tags: [String: String]
        public var ok: Bool
        public var error: String?
    }

    public struct Message: Decodable, Sendable {
        public var file: String
        public var signatures: [Signature]
        public var lookups: [String]
    }

    public struct Report: Decodable, Sendable {
        public var python: String
        public var dkimpy: String
        public var messages: [Message]
    }

    /// `records`: TXT record name (`sel._domainkey.example.com`) to value (`v=DKIM1; k=rsa; p=…`).
    /// `paths`: .eml files, or folders of them.
    public static func verify(_ paths: [String], records: [String: String]) throws -> Report {
        let keys = records.sorted { $0.key < $1.key }.flatMap { ["--key", "\($0.key)=\($0.value)"] }
        return try PythonScript.report(Report.self, "dkim_verify.py", keys + paths, python: PythonScript.debianPython)
    }
}
