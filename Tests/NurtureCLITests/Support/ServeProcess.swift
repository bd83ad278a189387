import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `nurture serve` started on a free loopback port, and a real HTTP client (URLSession) to talk to it.
final class ServeProcess {
    static let apiToken = "cli-tests-api-token-0123456789"
    let running: CLI.Running
    let port: Int

    /// Starts `nurture serve --listen 127.0.0.1:0 extra…` and waits (at most 60 s) for its "listening on" line.
    init(_ workspace: Workspace, smtp: String, extra: [String] = [], environment: [String: String] = [:]) async throws {
        let arguments = ["serve", "--campaign", Workspace.campaign, "--db", workspace.db, "--listen", "127.0.0.1:0"] + extra
        running = try CLI.start(arguments, in: workspace.directory, environment: [
            "NURTURE_SMTP_URL": smtp, "NURTURE_API_TOKEN": Self.apiToken,
        ].merging(environment) { _, new in new })
        var found: Int?
        for _ in 0..<600 where found == nil && running.isRunning {
            found = Self.port(in: running.stderrSoFar)
            if found == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard let found else {
            throw CLI.Failure(description: "nurture serve did not start listening:\n\(running.stderrSoFar)")
        }
        port = found
    }

    static func port(in log: String) -> Int? {
        guard let range = log.range(of: "listening on http://127.0.0.1:") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }

    struct Answer {
        var status: Int
        var body: String
    }

    func request(_ method: String, _ path: String, body: String? = nil, contentType: String? = nil, token: String? = apiToken) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body { request.httpBody = Data(body.utf8) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self))
    }

    /// SIGTERM, and what it printed once it has stopped.
    func stop() throws -> CLI.Result {
        running.send(SIGTERM)
        return try running.wait(timeout: 60)
    }
}
