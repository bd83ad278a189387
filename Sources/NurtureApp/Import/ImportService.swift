import NurtureCore
import NurtureImport

/// `nurture import contacts|events FILE`: streams the file into the store in one transaction.
public struct ImportService {
    public let store: any NurtureStore

    public init(store: any NurtureStore) { self.store = store }

    public func importContacts(path: String) throws -> ImportReport {
        try store.importContacts(try ContactsCSVSource(path: path))
    }

    public func importEvents(path: String) throws -> ImportReport {
        try store.importEvents(try EventsFileSource(path: path))
    }

    /// `contacts.csv: 48 imported, 2 updated, 0 unchanged, 1 rejected`.
    public static func summary(_ report: ImportReport, file: String) -> String {
        "\(file): \(report.imported) imported, \(report.updated) updated, \(report.unchanged) unchanged, \(report.rejected.count) rejected"
    }

    /// `contacts.csv:12: email 'x' has no @`, one per rejected row.
    public static func rejections(_ report: ImportReport, file: String) -> [String] {
        report.rejected.map { "\(file):\($0.line): \($0.reason)" }
    }
}
