import Foundation

/// The aiosmtpd server of `smtp_test_server.py`, run with Debian's /usr/bin/python3 on a free loopback
/// port, in a fresh temporary folder. It exits by itself after `lifetime` seconds or when stopped.
public final class TestSMTPServer {
    public struct Received: Decodable, Sendable {
        public let session: Int
        public let mail_from: String
        /// MAIL FROM parameters (SMTPUTF8, SIZE=…).
        public let mail_options: [String]?
        public let rcpt_tos: [String]
        public let tls: Bool
        /// When the server took the message (seconds since 1970).
        public let at: Double?
        public var bytes: [UInt8] = []

        enum CodingKeys: String, CodingKey { case session, mail_from, mail_options, rcpt_tos, tls, at }
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public let mode: String
    public let directory: URL
    public let port: Int
    private let process: Process
    private let input: Pipe

    static let scriptPath = PythonScript.directory.appendingPathComponent("smtp_test_server.py").path

    public init(mode: String, lifetime: Int = 120, arguments: [String] = []) async throws {
        self.mode = mode
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nurture-smtp-\(mode)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.scriptPath, mode, directory.path, "--lifetime", String(lifetime)] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let lines = LineCollector()
        output.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        try process.run()
        var found: Int?
        for _ in 0..<300 where found == nil {  // at most 30 s (certificate generation included)
            found = lines.port()
            if found == nil {
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        guard let found else {
            process.terminate()
            throw StartError(description: "the \(mode) test server did not print its port")
        }
        port = found
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Closes the server's stdin (it exits) and waits at most 5 s before terminating it.
    public func stop() {
        try? input.fileHandleForWriting.close()
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        if process.isRunning { process.terminate() }
    }

    /// Messages stored so far, in arrival order.
    public func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            var message = try JSONDecoder().decode(Received.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
            let eml = directory.appendingPathComponent(String(name.dropLast(5)) + ".eml")
            message.bytes = Array(try Data(contentsOf: eml))
            return message
        }
    }

    /// Connections the server accepted.
    public func sessionCount() -> Int {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("sessions"), encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").count
    }
}

/// Collects the server's stdout from the pipe's handler thread.
private final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock(); defer { lock.unlock() }
        data.append(chunk)
    }

    func port() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("PORT ") {
            return Int(line.dropFirst(5))
        }
        return nil
    }
}
