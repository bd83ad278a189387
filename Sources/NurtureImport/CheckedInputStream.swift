import Foundation

/// A file's input stream that runs `CSVQuotingCheck` over every byte on its way to CSV.swift, which
/// reads it ahead in chunks: by the time CSV.swift returns a row, the check has seen all of it.
final class CheckedInputStream: InputStream {
    private let file: InputStream
    private(set) var check = CSVQuotingCheck()

    init?(path: String) {
        guard let file = InputStream(fileAtPath: path) else { return nil }
        self.file = file
        super.init(data: Data())
    }

    func take(lines first: Int, through last: Int) -> (line: Int, problem: CSVQuotingCheck.Problem)? {
        check.take(lines: first, through: last)
    }

    override func open() { file.open() }
    override func close() { file.close() }
    override var streamStatus: Stream.Status { file.streamStatus }
    override var streamError: (any Error)? { file.streamError }
    override var hasBytesAvailable: Bool { file.hasBytesAvailable }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        let count = file.read(buffer, maxLength: len)
        if count > 0 { check.scan(UnsafeBufferPointer(start: buffer, count: count)) }
        return count
    }

    override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length len: UnsafeMutablePointer<Int>) -> Bool {
        false
    }
}
