import Foundation

/// Where a command writes what it reports. The CLI hands standard output; tests hand a buffer.
public protocol TextOutput: AnyObject {
    func write(_ text: String)
    /// Text already as UTF-8 (a plan's JSON lines, made as bytes): written as it is.
    func write(utf8 bytes: [UInt8])
}

extension TextOutput {
    /// As the text the bytes spell.
    public func write(utf8 bytes: [UInt8]) { write(String(decoding: bytes, as: UTF8.self)) }

    /// UTF-8 text and a newline.
    public func line(utf8 bytes: [UInt8]) {
        write(utf8: bytes)
        write("\n")
    }

    /// `text` and a newline, written one after the other (not joined into a new string first).
    public func line(_ text: String = "") {
        write(text)
        write("\n")
    }
}

/// Collects output in memory (tests, and formats that need every row before printing).
public final class BufferedOutput: TextOutput {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// Writes to a file handle (standard output), buffered in chunks.
public final class FileHandleOutput: TextOutput {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    public init(_ handle: FileHandle) { self.handle = handle }
    deinit { flush() }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 64 * 1024 { flush() }
    }

    public func write(utf8 bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 64 * 1024 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
