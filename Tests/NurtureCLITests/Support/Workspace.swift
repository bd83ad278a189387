import Foundation
import NurtureTestSupport
import Testing

/// A private temporary folder per test, with the store (`--db`) inside it and helpers to write input
/// files, run `nurture` there and look at the store. Removed when the test ends.
final class Workspace {
    private let folder: TemporaryFolder
    /// The `--db` of every command a test runs.
    let db: String

    /// The shipped sample campaign and example files, as a user of the repository has them.
    static let campaign = CLI.packageRoot.appendingPathComponent("campaigns/lead-nurture.yaml").path
    static let contactsCSV = CLI.packageRoot.appendingPathComponent("examples/contacts.csv").path
    static let eventsCSV = CLI.packageRoot.appendingPathComponent("examples/events.csv").path
    static let templates = CLI.packageRoot.appendingPathComponent("templates").path
    /// The shipped scoring folder, for campaigns copied into a workspace.
    static let scoring = CLI.packageRoot.appendingPathComponent("scoring").path

    /// The sample campaign's text with its relative scoring path made absolute (it is written elsewhere).
    static func sampleCampaignText() throws -> String {
        try String(contentsOfFile: campaign, encoding: .utf8).replacingOccurrences(of: "scoring: ../scoring/", with: "scoring: \(scoring)/")
    }
    /// The `--at` the example data is dated around.
    static let at = "2026-11-23T09:00:00Z"

    init() throws {
        folder = try TemporaryFolder(prefix: "nurture-e2e")
        db = folder.path("nurture.sqlite")
    }

    var directory: URL { folder.url }

    func path(_ name: String) -> String { folder.path(name) }

    /// Writes `text` as `name` in the workspace and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try folder.write(name, text) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// `nurture arguments…`, run in the workspace.
    func nurture(_ arguments: String...) throws -> CLI.Result {
        try CLI.run(arguments, in: directory)
    }

    func nurture(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments, in: directory, environment: environment)
    }

    /// Imports the shipped example contacts and events, checking that both succeed.
    func importExamples(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let contacts = try nurture("import", "contacts", Self.contactsCSV, "--db", db)
        #expect(contacts.status == 0, "\(contacts)", sourceLocation: sourceLocation)
        let events = try nurture("import", "events", Self.eventsCSV, "--db", db)
        #expect(events.status == 0, "\(events)", sourceLocation: sourceLocation)
    }

    // MARK: - The store, seen from outside (sqlite3)

    /// Runs `sqlite3 -readonly DB SQL` and returns its output.
    func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", db, sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLI.Failure(description: "sqlite3 \(db) '\(sql)' exited with \(process.terminationStatus) (is sqlite3 installed?)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func count(_ table: String) throws -> Int {
        let text = try sqlite("SELECT count(*) FROM \(table)").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let count = Int(text) else { throw CLI.Failure(description: "sqlite3 counted '\(text)' in \(table)") }
        return count
    }

    /// The store's whole logical content: row counts per table and the full SQL dump (schema and rows).
    ///
    /// Not the file's bytes: GRDB's `DatabasePool` creates and drops a table `grdb_issue_102` on every
    /// open when the WAL file is empty (GRDB/Core/Database.swift, `setUpWALMode`), which bumps the
    /// schema cookie and change counter in the header even for read-only commands.
    struct StoreSnapshot: Equatable, CustomStringConvertible {
        var counts: [String: Int]
        var dump: String

        var description: String { "counts \(counts.sorted { $0.key < $1.key }), dump of \(dump.count) characters" }
    }

    static let tables = ["contact", "event", "message", "suppression", "suppression_removal", "bounce_report"]

    func snapshot() throws -> StoreSnapshot {
        var counts: [String: Int] = [:]
        for table in Self.tables { counts[table] = try count(table) }
        return StoreSnapshot(counts: counts, dump: try sqlite(".dump"))
    }
}
