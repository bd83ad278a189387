/// The messages of an mbox file, one at a time, so memory stays flat however big the file is: a line
/// that starts with `From ` begins a message (as Python's `mailbox.mbox` reads it). A message's lines
/// come without their line ends; past `maxMessageBytes` the rest of a message is counted, not kept
/// (a report's status part comes before the returned message, which may be large).
struct MboxReader {
    struct Message {
        /// 1-based, in file order.
        var number: Int
        /// The line of its `From ` line.
        var line: Int
        /// The lines after the `From ` line.
        var lines: [String]
        /// True when lines were dropped past `maxMessageBytes`, or a line was too long to keep.
        var truncated: Bool
    }

    let path: String
    let maxMessageBytes: Int
    private var lines: LineReader
    private var pending: LineReader.Line?
    private var count = 0

    init(path: String, maxMessageBytes: Int = 1 << 20) throws(ImportFileError) {
        self.path = path
        self.maxMessageBytes = maxMessageBytes
        lines = try LineReader(path: path, maxLineBytes: 64 * 1024)
        // Blank lines may come first; anything else before the first `From ` line is not an mbox.
        while let line = try lines.next() {
            if Self.isSeparator(line) { pending = line; return }
            if line.overlong || !line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                throw ImportFileError(
                    .unsupportedFormat, path: path, line: line.number,
                    message: "not an mbox file: a mailbox file starts with a 'From ' line (export the bounce folder as mbox)")
            }
        }
    }

    mutating func next() throws(ImportFileError) -> Message? {
        guard let start = pending else { return nil }
        pending = nil
        count += 1
        var message = Message(number: count, line: start.number, lines: [], truncated: false)
        var size = 0
        while let line = try lines.next() {
            if Self.isSeparator(line) {
                pending = line
                break
            }
            size += line.bytes.count + 1
            if line.overlong { message.truncated = true }
            if size > maxMessageBytes {
                message.truncated = true
                continue
            }
            message.lines.append(String(decoding: line.bytes, as: UTF8.self))
        }
        return message
    }

    private static func isSeparator(_ line: LineReader.Line) -> Bool {
        !line.overlong && line.bytes.starts(with: Array("From ".utf8))
    }
}
