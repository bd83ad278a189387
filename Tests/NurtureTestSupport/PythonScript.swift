import Foundation

/// The test suite's Python helpers (Tests/NurtureTestSupport/Python): checks that read what nurture
/// builds with parsers no one here wrote. Run with `python3` from PATH (or another interpreter, such as
/// Debian's `/usr/bin/python3` for the scripts that need its packages, or `/usr/bin/perl` for the
/// SpamAssassin scorer); a missing python3 fails loudly.
public enum PythonScript {
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `name` with `arguments` and returns what it printed on standard output; throws with its
    /// standard error when it cannot start or exits non-zero.
    /// Debian's Python, where scripts/setup installs the Debian packages (dkimpy, PyNaCl, aiosmtpd).
    public static let debianPython = "/usr/bin/python3"

    public static func run(_ name: String, _ arguments: [String], python: String? = nil) throws -> Data {
        let process = Process()
        if let python {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [directory.appendingPathComponent(name).path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", directory.appendingPathComponent(name).path] + arguments
        }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("nurture-python-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
            throw Failure(description: "cannot create \(errors.path)")
        }
        defer { try? FileManager.default.removeItem(at: errors) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start \(python ?? "/usr/bin/env python3"): \(error) (scripts/setup installs what the tests need)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 {
                throw Failure(description: "python3 was not found on PATH: the real-parser tests need it (\(stderr))")
            }
            throw Failure(description: "\(name) exited with \(process.terminationStatus): \(stderr)")
        }
        return data
    }

    /// `run`, with its output decoded as JSON.
    public static func report<Report: Decodable>(_ type: Report.Type, _ name: String, _ arguments: [String], python: String? = nil) throws -> Report {
        let data = try run(name, arguments, python: python)
        do {
            return try JSONDecoder().decode(Report.self, from: data)
        } catch {
            throw Failure(description: "\(name) printed no report (\(error)): \(String(decoding: data, as: UTF8.self))")
        }
    }
}
