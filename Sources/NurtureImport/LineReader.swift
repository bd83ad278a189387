import Foundation

/// The lines of a file, read in chunks so memory stays flat. LF ends a line, a CR before it is
/// dropped, a UTF-8 BOM at the start is skipped. A line longer than `maxLineBytes` is not kept:
/// it comes back as `overlong`, so that a corrupt file cannot exhaust memory.
struct LineReader {
    struct Line {
        /// 1-based.
        var number: Int
        var bytes: [UInt8]
        var overlong: Bool
    }

    let path: String
    let maxLineBytes: Int
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var endOfFile = false
    private var discarding = false
    private var lineNumber = 0
    private var atFileStart = true

    init(path: String, maxLineBytes: Int = 1 << 20) throws(ImportFileError) {
        try InputFile.requireReadable(path)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path, "cannot open it") }
        self.path = path
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    mutating func next() throws(ImportFileError) -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let bytes = discarding ? [] : Array(buffer[start..<end])
                let overlong = discarding
                discarding = false
                start = newline + 1
                lineNumber += 1
                return Line(number: lineNumber, bytes: bytes, overlong: overlong)
            }
            if endOfFile {
                guard start < buffer.count || discarding else { return nil }
                var end = buffer.count
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = Line(number: lineNumber + 1, bytes: discarding ? [] : Array(buffer[start..<end]), overlong: discarding)
                lineNumber += 1
                buffer = []
                start = 0
                discarding = false
                return line
            }
            buffer.removeSubrange(..<start)
            start = 0
            if buffer.count > maxLineBytes {
                buffer = []
                discarding = true
            }
            try fill()
        }
    }

    private mutating func fill() throws(ImportFileError) {
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: 64 * 1024)
        } catch {
            throw .unreadable(path, line: lineNumber + 1, error.localizedDescription)
        }
        guard let chunk, !chunk.isEmpty else {
            endOfFile = true
            try? handle.close()
            return
        }
        var bytes = [UInt8](chunk)
        if atFileStart {
            atFileStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        if discarding {
            // Keep only from the end of the overlong line, if it ends in this chunk.
            guard let newline = bytes.firstIndex(of: 0x0A) else { return }
            buffer = [0x0A] + bytes[(newline + 1)...]
            start = 0
            return
        }
        buffer.append(contentsOf: bytes)
    }
}
