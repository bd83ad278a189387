import Foundation
import NurtureTestSupport

/// Runs `inspect_eml.py` (Python's standard `email` package, `policy.default`) on a folder of
/// `.eml` files and decodes what it saw.
enum EMLInspector {
    struct Part: Decodable {
        var type: String
        var content: String
    }

    struct Message: Decodable {
        var file: String
        var problems: [String]
        /// Header fields in order, as [name, value].
        var headers: [[String]]
        var to_addr: String?
        var subject: String?
        var message_id: String?
        var content_type: String?
        var parts: [Part]

        var headerNames: [String] { headers.compactMap(\.first) }
        func header(_ name: String) -> [String] {
            headers.filter { $0.first?.lowercased() == name.lowercased() }.compactMap { $0.count > 1 ? $0[1] : nil }
        }
        func part(_ type: String) -> String? { parts.first { $0.type == type }?.content }
    }

    struct Report: Decodable {
        var python: String
        var messages: [Message]
    }

    static func inspect(directory: String) throws -> Report {
        try PythonScript.report(Report.self, "inspect_eml.py", [directory])
    }
}

/// JSON Lines output, one object per line, with the keys each object has.
enum JSONLines {
    static func objects(_ text: String) throws -> [[String: Any]] {
        try CLI.Result.lines(text).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) as? [String: Any] else {
                throw CLI.Failure(description: "not a JSON object: \(line)")
            }
            return object
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The value as a string; nil when absent or JSON null.
    func string(_ key: String) -> String? { self[key] as? String }
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
}
