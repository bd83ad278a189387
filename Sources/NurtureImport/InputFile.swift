import Foundation

/// Checks done before a file is opened, so that the error says what is wrong with it.
enum InputFile {
    static func requireReadable(_ path: String) throws(ImportFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missing(path)
        }
        if isDirectory.boolValue { throw .unreadable(path, "it is a directory") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(path, "permission denied") }
    }

    /// The number of line breaks in `text`: CR LF, a lone CR and a lone LF count one each.
    static func lineBreaks(in text: String) -> Int {
        var count = 0
        var afterCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x0D: count += 1; afterCR = true
            case 0x0A: if !afterCR { count += 1 }; afterCR = false
            default: afterCR = false
            }
        }
        return count
    }
}
