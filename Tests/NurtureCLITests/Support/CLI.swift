import Foundation
import Testing

/// Runs the built `nurture` binary as a user would, with bounded waiting, and returns what it printed.
enum CLI {
    /// The package root: this file is Tests/NurtureCLITests/Support/CLI.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary = packageRoot.appendingPathComponent(".build/debug/nurture")

    /// The secret every test run signs unsubscribe links with (NURTURE_SECRET), unless a test passes its own.
    static let unsubscribeSecret = "cli-tests-unsubscribe-secret-0123456789"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Result: CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var stdout: String
        var stderr: String

        var stdoutLines: [String] { Self.lines(stdout) }
        var stderrLines: [String] { Self.lines(stderr) }

        static func lines(_ text: String) -> [String] {
            var lines = text.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return lines
        }

        var description: String {
            "nurture \(arguments.joined(separator: " ")) -> exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
        }
    }

    /// Runs `nurture arguments…` in `directory`; stdout and stderr go to files there (no pipe can fill up).
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> Result {
        try start(arguments, in: directory, environment: environment).wait(timeout: timeout)
    }

    /// Starts `nurture arguments…` in `directory` with `environment` added to this process's, and returns
    /// at once: for tests that act while it runs (kill it, start a second one).
    ///
    /// NURTURE_ALLOW_RESERVED_DOMAINS=1 comes first, as in scripts/demo: the shipped examples use `.example`
    /// addresses (RFC 2606). A test of the default policy passes NURTURE_ALLOW_RESERVED_DOMAINS="" itself.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure(description: "no nurture binary at \(binary.path): run `swift build` first (the end-to-end tests run the built tool)")
        }
        let id = UUID().uuidString
        let outFile = directory.appendingPathComponent(".stdout-\(id)")
        let errFile = directory.appendingPathComponent(".stderr-\(id)")
        guard FileManager.default.createFile(atPath: outFile.path, contents: nil),
              FileManager.default.createFile(atPath: errFile.path, contents: nil) else {
            throw Failure(description: "cannot create output files in \(directory.path)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment
            .merging(["NURTURE_ALLOW_RESERVED_DOMAINS": "1", "NURTURE_SECRET": CLI.unsubscribeSecret]) { _, new in new }
            .merging(environment) { _, new in new }
        let out = try FileHandle(forWritingTo: outFile)
        let err = try FileHandle(forWritingTo: errFile)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try out.close()
        try err.close()
        return Running(arguments: arguments, process: process, outFile: outFile, errFile: errFile)
    }

    /// A `nurture` process started by `start`.
    final class Running {
        let arguments: [String]
        let process: Process
        let outFile: URL
        let errFile: URL

        init(arguments: [String], process: Process, outFile: URL, errFile: URL) {
            self.arguments = arguments
            self.process = process
            self.outFile = outFile
            self.errFile = errFile
        }

        deinit {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }

        var isRunning: Bool { process.isRunning }

        /// What it has written to standard error so far.
        var stderrSoFar: String { (try? String(contentsOf: errFile, encoding: .utf8)) ?? "" }

        /// Sends `signal` (SIGINT, SIGTERM …) and returns at once.
        func send(_ signal: Int32) {
            Foundation.kill(process.processIdentifier, signal)
        }

        /// SIGKILL: no handler runs, nothing is flushed, as when a machine dies.
        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// Waits at most `timeout` seconds for the process to end and returns what it printed.
        func wait(timeout: TimeInterval = 120) throws -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
                throw Failure(description: "nurture \(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s")
            }
            process.waitUntilExit()
            return Result(
                arguments: arguments,
                status: process.terminationStatus,
                stdout: try String(contentsOf: outFile, encoding: .utf8),
                stderr: try String(contentsOf: errFile, encoding: .utf8)
            )
        }
    }
}

/// What must never reach a user: a crash report instead of a message.
func expectNoCrash(_ result: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    for marker in ["Fatal error", "Stack dump", "Current stack trace", "Illegal instruction", "Segmentation fault"] {
        #expect(!result.stderr.contains(marker), "\(marker) in stderr of \(result)", sourceLocation: sourceLocation)
        #expect(!result.stdout.contains(marker), "\(marker) in stdout of \(result)", sourceLocation: sourceLocation)
    }
    #expect(result.status < 128, "killed by a signal: \(result)", sourceLocation: sourceLocation)
}
