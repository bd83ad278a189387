import Foundation

/// Runs `Scripts/inspect_eml.py` (Python's standard `email` package, `policy.default`) on a folder of
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

    static let script = CLI.packageRoot.appendingPathComponent("Tests/NurtureCLITests/Scripts/inspect_eml.py")

    static func inspect(directory: String) throws -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory]
        let errors = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent(".inspect-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
            throw CLI.Failure(description: "cannot create \(errors.path)")
        }
        defer { try? FileManager.default.removeItem(at: errors) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        do {
            try process.run()
        } catch {
            throw CLI.Failure(description: "could not start /usr/bin/env python3: \(error)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 {
                throw CLI.Failure(description: "python3 was not found on PATH: the preview tests need it (\(stderr))")
            }
            throw CLI.Failure(description: "inspect_eml.py exited with \(process.terminationStatus): \(stderr)")
        }
        do {
            return try JSONDecoder().decode(Report.self, from: data)
        } catch {
            throw CLI.Failure(description: "inspect_eml.py printed no report (\(error)): \(String(decoding: data, as: UTF8.self)) \(stderr)")
        }
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
