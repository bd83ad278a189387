import Foundation
import NurtureMIME
import NurtureTestSupport
import Testing

/// Runs `check_messages.py` (Python's standard `email` package, `policy.default`) on built
/// messages and returns its JSON report.
struct PythonEmailChecker {
    struct Part: Encodable {
        var content_type: String
        var content: String
    }

    struct Expected: Encodable {
        var subject: String
        var from_name: String
        var from_addr: String
        var to_name: String
        var to_addr: String
        var reply_to_addr: String?
        var message_id: String
        var date_timestamp: Int
        var parts: [Part]
        var headers: [String: String]
    }

    struct Case: Encodable {
        var name: String
        var file: String
        var expected: Expected
    }

    struct Manifest: Encodable {
        var cases: [Case]
    }

    struct Observed: Decodable {
        var subject: String?
        var from_name: String?
        var part_types: [String]?
        var part_contents: [String]?
    }

    struct Result: Decodable {
        var name: String
        var problems: [String]
        var observed: Observed
    }

    struct Report: Decodable {
        var python: String
        var cases: [Result]
    }

    /// The expected decoded form of a body: every line break as LF.
    static func lf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Writes each message to a temporary folder, runs the script on them and decodes its report.
    /// Throws (failing the test loudly) when python3 is missing or the script fails.
    static func check(_ messages: [(name: String, message: MailMessage, bytes: [UInt8])]) throws -> Report {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("nurture-mime-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var cases: [Case] = []
        for (index, entry) in messages.enumerated() {
            let file = folder.appendingPathComponent("message-\(index).eml")
            try Data(entry.bytes).write(to: file)
            let message = entry.message
            var parts = [Part(content_type: "text/plain", content: lf(message.textBody))]
            if let html = message.htmlBody { parts.append(Part(content_type: "text/html", content: lf(html))) }
            cases.append(Case(name: entry.name, file: file.path, expected: Expected(
                subject: message.subject.trimmingCharacters(in: CharacterSet(charactersIn: " \t")),
                from_name: (message.from.displayName ?? "").trimmingCharacters(in: CharacterSet(charactersIn: " \t")),
                from_addr: message.from.address.value,
                to_name: (message.to.displayName ?? "").trimmingCharacters(in: CharacterSet(charactersIn: " \t")),
                to_addr: message.to.address.value,
                reply_to_addr: message.replyTo?.address.value,
                message_id: message.messageID,
                date_timestamp: Int(message.date.timeIntervalSince1970.rounded(.down)),
                parts: parts,
                headers: Dictionary(message.extraHeaders.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            )))
        }
        let manifest = folder.appendingPathComponent("manifest.json")
        try JSONEncoder().encode(Manifest(cases: cases)).write(to: manifest)

        return try PythonScript.report(Report.self, "check_messages.py", [manifest.path])
    }
}
