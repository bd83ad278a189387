import Foundation
import NurtureCore
import NurtureStore

/// Opens the SQLite store at a path, saying clearly when there is none yet.
public enum StoreOpener {
    public static let defaultPath = "nurture.sqlite"

    /// - Parameter create: when false, a missing file is an error (read-only commands never create one).
    public static func open(path: String, create: Bool) throws -> any NurtureStore {
        if !create { try requireExisting(path) }
        return try SQLiteStore(path: path)
    }

    /// Opens an existing store without writing anything to it, for commands that only look.
    public static func openForReading(path: String) throws -> any NurtureStore {
        try requireExisting(path)
        return try SQLiteStore(readingAt: path)
    }

    private static func requireExisting(_ path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            throw NurtureError("no store at \(path): import contacts first (nurture import contacts FILE), or pass --db PATH")
        }
    }
}
