import Foundation

/// The rows of a CSV file as lists of fields, read from the file's bytes exactly as CSV.swift's
/// `CSVReader` (UTF-8, `,`, no trimming, no header row) reads them, at a small fraction of its cost:
/// CSV.swift boxes every character through three iterators.
///
/// The reading rules are CSV.swift's, quirks included (`CSVFieldReaderTests` holds the two side by side):
/// - a field that starts with `"` is quoted: `""` in it is one quote, and line breaks and commas are text;
///   its closing quote ends it at a comma, a line break or the end of the file; a closing quote followed by
///   anything else is kept as a quote and that next character is dropped, and the field reads on;
/// - otherwise a field ends at a comma or a line break (CR LF, a lone LF or a lone CR); a quote in it is text;
/// - the line break ending a row is not part of it; an empty file has no row; a byte order mark at the start
///   is skipped (UTF-8's, and also those of UTF-16 and UTF-32, whose bytes are then read as UTF-8).
///
/// The file is read in chunks of CSV.swift's size, each run through `CSVQuotingCheck` as it is read, at the
/// moments CSV.swift reads them (its UTF-8 decoder reads up to 3 bytes past a non-ASCII character's first
/// byte), so that the check has seen the same bytes whenever a row comes back. Invalid UTF-8 ends the row
/// being read, as it ends CSV.swift's, and fails it.
final class CSVFieldReader {
    /// Why the file cannot be read on.
    enum Failure: Error, Equatable {
        /// The bytes are not UTF-8.
        case invalidUTF8
        /// The read failed, with the system's reason.
        case readError(String)
    }

    /// CSV.swift's read size (its `BinaryReader`'s buffer).
    static let chunkSize = Int(UInt16.max)

    /// Everything that changes as the file is read, in one value: its methods run without the class's
    /// access checks, which would otherwise cost more than the reading.
    private var state: State

    /// Set when reading failed; the row being read ends there.
    var failure: Failure? { state.failure }

    /// Opens `path` and reads its first chunk, as CSV.swift does on opening. Fails with `nil` when the file
    /// cannot be opened, and with a `Failure` when the first read fails.
    init?(path: String) throws(Failure) {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        state = State(file: file)
        state.readChunk()
        if let failure = state.failure { throw failure }
        state.position = Self.byteOrderMarkLength(UnsafeBufferPointer(start: state.buffer, count: state.count))
    }

    deinit {
        state.buffer.deallocate()
        try? state.file.close()
    }

    /// The length of the byte order mark at the start of a file whose first read gave `bytes`, as CSV.swift
    /// skips them: UTF-32 (big and little endian) when 4 bytes were read, then UTF-8 when 3, then UTF-16.
    static func byteOrderMarkLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let marks: [[UInt8]] = [[0x00, 0x00, 0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00], [0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE]]
        return marks.first { bytes.count >= $0.count && bytes.starts(with: $0) }?.count ?? 0
    }

    /// The next row's fields; nil at the end of the file, or when the file cannot be read on (`failure`).
    /// After a failure, the row is what was read before it.
    func next() -> [String]? {
        state.nextRow()
    }

    /// The first problem the check found on lines `first...last` (see `CSVQuotingCheck.take`).
    func take(lines first: Int, through last: Int) -> (line: Int, problem: CSVQuotingCheck.Problem)? {
        state.check.take(lines: first, through: last)
    }

    private struct State {
        let file: FileHandle
        var check = CSVQuotingCheck()
        /// The bytes read and not yet consumed are `buffer[position..<count]`; the capacity holds a chunk
        /// read while up to 3 bytes of the previous one are still unread.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * CSVFieldReader.chunkSize)
        var position = 0
        var count = 0
        var endOfFile = false
        /// A character read ahead and given back (CSV.swift's `back`): a byte, or the first byte of a
        /// non-ASCII character whose other bytes are still at `position`.
        var back: UInt8?
        var failure: Failure?
        /// The bytes of the field being read.
        var field: [UInt8] = []
        /// The number of fields of the last row, to size the next.
        var width = 0

        init(file: FileHandle) {
            self.file = file
            field.reserveCapacity(256)
        }

        static let quote = UInt8(ascii: "\"")
        static let comma = UInt8(ascii: ",")
        static let carriageReturn: UInt8 = 0x0D
        static let lineFeed: UInt8 = 0x0A

        /// CSV.swift's `readRow`.
        mutating func nextRow() -> [String]? {
            var character = moveNext()
            guard character != nil else { return nil }
            var row: [String] = []
            row.reserveCapacity(width)
            while true {
                let end: Bool
                if character == nil {
                    field.removeAll(keepingCapacity: true)
                    end = true
                } else if character == Self.quote {
                    end = readField(quoted: true)
                } else {
                    back = character
                    end = readField(quoted: false)
                }
                row.append(String(decoding: field, as: UTF8.self))
                if end {
                    width = row.count
                    return row
                }
                character = moveNext()
            }
        }

        /// Reads a field into `field`; true when it ended its row (CSV.swift's `readField`).
        mutating func readField(quoted: Bool) -> Bool {
            field.removeAll(keepingCapacity: true)
            while let character = moveNext() {
                if quoted {
                    guard character == Self.quote else {
                        appendCharacter(character)
                        appendPlainRun(quoted: true)
                        continue
                    }
                    let following = moveNext()
                    if following == nil || following == Self.carriageReturn || following == Self.lineFeed {
                        return endRow(at: following)
                    } else if following == Self.comma {
                        return false
                    } else {
                        // `""` is one quote; a quote followed by anything else is kept and what follows is
                        // dropped, as CSV.swift does (`CSVQuotingCheck` reports such a row).
                        field.append(Self.quote)
                        if let following, following >= 0x80 { position += Self.sequenceLength(following) - 1 }
                    }
                } else if character == Self.carriageReturn || character == Self.lineFeed {
                    return endRow(at: character)
                } else if character == Self.comma {
                    return false
                } else {
                    appendCharacter(character)
                    appendPlainRun(quoted: false)
                }
            }
            return true
        }

        /// Ends the row at `lineBreak` (nil at the end of the file): after a CR, a LF is taken with it and
        /// anything else given back. True, for `readField` to return.
        mutating func endRow(at lineBreak: UInt8?) -> Bool {
            if lineBreak == Self.carriageReturn {
                let following = moveNext()
                if following != Self.lineFeed { back = following }
            }
            return true
        }

        /// Takes the ASCII bytes from `position` on that are text in the field whatever follows them (not a
        /// quote; in an unquoted field, not a comma or a line break either), in one go: what `moveNext`
        /// and `appendCharacter` would do one by one. Stops at the end of the buffer; the caller reads on.
        @inline(__always)
        mutating func appendPlainRun(quoted: Bool) {
            guard back == nil else { return }
            let start = position
            var end = position
            if quoted {
                while end < count {
                    let byte = buffer[end]
                    if byte == Self.quote || byte >= 0x80 { break }
                    end += 1
                }
            } else {
                while end < count {
                    let byte = buffer[end]
                    if byte == Self.comma || byte == Self.carriageReturn || byte == Self.lineFeed || byte == Self.quote || byte >= 0x80 {
                        break
                    }
                    end += 1
                }
            }
            guard end > start else { return }
            field.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: end - start))
            position = end
        }

        /// Appends a character whose first byte `moveNext` returned: an ASCII byte, or a non-ASCII
        /// character's first byte, whose other bytes follow at `position` (checked by `moveNext`).
        @inline(__always)
        mutating func appendCharacter(_ first: UInt8) {
            field.append(first)
            guard first >= 0x80 else { return }
            let length = Self.sequenceLength(first)
            field.append(contentsOf: UnsafeBufferPointer(start: buffer + position, count: length - 1))
            position += length - 1
        }

        /// The byte count of a UTF-8 sequence with a valid first byte.
        @inline(__always)
        static func sequenceLength(_ first: UInt8) -> Int {
            first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
        }

        /// The next character: an ASCII byte, or a non-ASCII character's first byte after checking the
        /// whole character (its other bytes stay at `position` for the caller to take or skip). Nil at the
        /// end of the file and on a failure (`failure` says which).
        @inline(__always)
        mutating func moveNext() -> UInt8? {
            if let character = back {
                back = nil
                return character
            }
            if position == count {
                guard !endOfFile, failure == nil else { return nil }
                position = 0
                count = 0
                readChunk()
                guard position < count else { return nil }
            }
            let byte = buffer[position]
            position += 1
            if byte < 0x80 { return byte }
            return checkedNonASCII(first: byte)
        }

        /// `first` (just consumed) and the bytes after it as one UTF-8 character; nil and `failure` when
        /// they are not one. Reads ahead as CSV.swift's decoder does: the 3 bytes after `first`, when the
        /// file has them.
        mutating func checkedNonASCII(first: UInt8) -> UInt8? {
            if count - position < 3, !endOfFile, failure == nil {
                // Keep the unread bytes, then read the next chunk after them.
                let unread = count - position
                buffer.update(from: buffer + position, count: unread)
                position = 0
                count = unread
                readChunk()
            }
            let available = count - position
            let buffer = self.buffer
            let position = self.position
            func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
                offset < available && range.contains(buffer[position + offset])
            }
            let valid: Bool
            switch first {
            case 0xC2...0xDF: valid = continuation(0)
            case 0xE0: valid = continuation(0, 0xA0...0xBF) && continuation(1)
            case 0xE1...0xEC, 0xEE...0xEF: valid = continuation(0) && continuation(1)
            case 0xED: valid = continuation(0, 0x80...0x9F) && continuation(1)
            case 0xF0: valid = continuation(0, 0x90...0xBF) && continuation(1) && continuation(2)
            case 0xF1...0xF3: valid = continuation(0) && continuation(1) && continuation(2)
            case 0xF4: valid = continuation(0, 0x80...0x8F) && continuation(1) && continuation(2)
            default: valid = false
            }
            guard valid else {
                failure = .invalidUTF8
                return nil
            }
            return first
        }

        /// Reads the next chunk after `buffer[..<count]` and runs the check over it.
        mutating func readChunk() {
            let chunk: Data?
            do {
                chunk = try file.read(upToCount: CSVFieldReader.chunkSize)
            } catch {
                failure = .readError(error.localizedDescription)
                return
            }
            guard let chunk, !chunk.isEmpty else {
                endOfFile = true
                return
            }
            let start = buffer + count
            chunk.copyBytes(to: start, count: chunk.count)
            check.scan(UnsafeBufferPointer(start: start, count: chunk.count))
            count += chunk.count
        }
    }
}
