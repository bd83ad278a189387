import CSV
import Foundation
@testable import NurtureImport
import Testing

/// `CSVFieldReader` against CSV.swift's `CSVReader` fed through a stream that runs `CSVQuotingCheck` over
/// each chunk as CSV.swift reads it (what the import did before): the same rows, the same problems taken
/// row by row, the same failure at the same row, on hand-picked and on generated files.
struct CSVFieldReaderTests {
    @Test(arguments: [
        "", "\n", "a", "a,b\n", "a,b", "a,b,\n", ",,\n", "a\r\nb\rc\nd", "\r\r\n\n",
        "\"q\"", "\"q\",x\n", "\"a\"\"b\"\n", "\"a\nb\"\r\nc\n", "\"open\n", "\"a\"b,c\nd\n", "\"a\" b\n\"c\"\n",
        "\"a\"\rb\n", "\"a\"\r", "a\"b,\"\"\n", "x,\"y\"z\"\n", "\"a\"é,b\n", "\"a\"😀\n", "é,ü\r\nß\n",
        "\u{FEFF}email\n", "a,\"b\r\nc\"\"\",d\r\n",
    ])
    func readsAsCSVSwiftDoes(_ text: String) throws {
        try expectSameReading(Array(text.utf8))
    }

    @Test(arguments: [
        [0xFF, 0x41], [0x41, 0xC3], [0x41, 0xC3, 0x28, 0x0A], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80],
        [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0x22, 0x61, 0x22, 0xFF, 0x0A], [0x61, 0x0D, 0xFF], [0x22, 0x61, 0x22, 0x0D, 0xFE],
        [0xFE, 0xFF, 0x00, 0x61], [0xFF, 0xFE, 0x61, 0x00], [0x00, 0x00, 0xFE, 0xFF, 0x61], [0xFF, 0xFE, 0x00, 0x00, 0x61],
        [0xEF, 0xBB], [0xEF, 0xBB, 0xBF], [0x61, 0x00, 0x62, 0x0A], [0xEF, 0xBF, 0xBF, 0x2C, 0xF3, 0xA0, 0x80, 0x81],
    ] as [[UInt8]])
    func readsOddBytesAsCSVSwiftDoes(_ bytes: [UInt8]) throws {
        try expectSameReading(bytes)
    }

    /// Random files over an alphabet of what matters to CSV, some of them longer than a chunk, with odd
    /// characters placed around the chunk boundaries.
    @Test func generatedFilesReadAsCSVSwiftReadsThem() throws {
        var generator = GeneratedBytes(seed: 20_261_123)
        let pieces: [[UInt8]] = [
            [0x61], [0x62, 0x63], [0x2C], [0x22], [0x22, 0x22], [0x0D], [0x0A], [0x0D, 0x0A], [0x20], Array("é".utf8),
            Array("😀".utf8), Array("\u{2028}".utf8), [0x00], [0x09],
        ]
        let rare: [[UInt8]] = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF]]
        for round in 0..<400 {
            let long = round % 20 == 0
            var bytes: [UInt8] = []
            let length = long ? CSVFieldReader.chunkSize + Int(generator.next() % 300) : Int(generator.next() % 60)
            while bytes.count < length {
                if long, bytes.count < CSVFieldReader.chunkSize - 40 {
                    // Plain rows up to near the boundary, then anything.
                    bytes += Array("abc,\"d\"\"e\",f\n".utf8)
                    continue
                }
                if round % 7 == 3, generator.next() % 40 == 0 {
                    bytes += rare[Int(generator.next() % UInt64(rare.count))]
                } else {
                    bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
                }
            }
            try expectSameReading(bytes)
        }
    }

    /// A bare CR ahead of a chunk boundary, non-ASCII characters across it, and broken quoting after it.
    @Test func problemsAroundAChunkBoundaryAreTakenAsBefore() throws {
        for offset in 0..<8 {
            var bytes = Array(repeating: UInt8(ascii: "x"), count: CSVFieldReader.chunkSize - 6 - offset)
            bytes += Array("a\rb,é😀\"c\"d\r\"e\"f,\rg\n\"h\"i\n".utf8)
            try expectSameReading([0x61, 0x0A] + bytes)
        }
    }

    private func expectSameReading(_ bytes: [UInt8]) throws {
        let path = try Fixture.temporaryFile(bytes, extension: "csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = try ReferenceReading(path: path).rows()
        let actual = try ReadingUnderTest(path: path).rows()
        #expect(actual == expected, "\(bytes)")
    }
}

/// One row as a reading saw it: its fields, the problem taken for its lines, and whether reading failed in it.
private struct ReadRow: Equatable {
    var fields: [String]
    var problem: String?
    var failed: Bool
}

/// Takes rows as `CSVRowReader` does (lines counted the same way), until the end or a failure.
private func readRows(next: () -> [String]?, failed: () -> Bool, take: (Int, Int) -> (line: Int, problem: CSVQuotingCheck.Problem)?) -> [ReadRow] {
    var rows: [ReadRow] = []
    var line = 1
    while rows.count < 10_000 {
        let fields = next()
        if failed() {
            rows.append(ReadRow(fields: fields ?? [], problem: nil, failed: true))
            break
        }
        guard let fields else { break }
        let breaks = fields.reduce(0) { $0 + InputFile.lineBreaks(in: $1) }
        let found = take(line, line + breaks)
        rows.append(ReadRow(fields: fields, problem: found.map { "\($0.line) \($0.problem)" }, failed: false))
        line += 1 + breaks - (found?.problem == .bareCarriageReturn ? 1 : 0)
    }
    return rows
}

private struct ReadingUnderTest {
    let reader: CSVFieldReader?

    init(path: String) throws {
        reader = try? CSVFieldReader(path: path)
    }

    func rows() throws -> [ReadRow] {
        let reader = try #require(reader)
        return readRows(next: reader.next, failed: { reader.failure != nil }, take: reader.take)
    }
}

/// What the import read before `CSVFieldReader`: CSV.swift over a stream checked as it is read.
private struct ReferenceReading {
    let stream: CheckingStream
    let reader: CSVReader?

    init(path: String) throws {
        stream = try #require(CheckingStream(path: path))
        reader = try? CSVReader(stream: stream, hasHeaderRow: false)
    }

    func rows() throws -> [ReadRow] {
        let reader = try #require(reader)
        return readRows(
            next: reader.next,
            failed: {
                guard let error = reader.error else { return false }
                if case .cannotReadFile? = error as? CSVError { return false }   // CSV.swift's end of file
                return true
            },
            take: { [stream] in stream.check.take(lines: $0, through: $1) })
    }
}

private final class CheckingStream: InputStream {
    private let file: InputStream
    var check = CSVQuotingCheck()

    init?(path: String) {
        guard let file = InputStream(fileAtPath: path) else { return nil }
        self.file = file
        super.init(data: Data())
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

/// A linear congruential generator (Knuth's MMIX constants): the same files on every run.
private struct GeneratedBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
