import Foundation
import NurtureCore
import NurtureImport

/// Committed fixture files, found next to this source file.
enum Fixture {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// A fresh temporary file holding `bytes`, with the given extension.
    static func temporaryFile(_ bytes: [UInt8], extension ext: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("nurture-import-\(UUID().uuidString).\(ext)")
        try Data(bytes).write(to: url)
        return url.path
    }

    static func temporaryFile(_ text: String, extension ext: String) throws -> String {
        try temporaryFile(Array(text.utf8), extension: ext)
    }
}

/// Every row of a source, in order.
func readAll<Source: RowSource>(_ source: Source) throws -> [ImportRow<Source.Record>] {
    var source = source
    var rows: [ImportRow<Source.Record>] = []
    while let row = try source.next() { rows.append(row) }
    return rows
}

extension ImportRow {
    var record: Record? { try? result.get() }
    var rejection: RowRejection? {
        if case let .failure(rejection) = result { return rejection }
        return nil
    }
}
