#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NurtureCore
import Synchronization

/// The run lock of a database file: an exclusive, non-blocking `flock` on `<database>.lock`, whose
/// text names the holder ("pid 4242, started 2026-03-01T12:00:00Z").
///
/// The kernel drops the lock when the descriptor closes: on `release()`, when the last reference to
/// this value goes away, or when the process dies, kill -9 included. The descriptor is close-on-exec,
/// so a child process never inherits it.
final class FileRunLock: RunLock, Sendable {
    /// The open descriptor, or -1 once released.
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        release()
    }

    /// Takes the lock on `path`, writing `holder` into the file, or throws `RunLockError` with the
    /// text the holder wrote.
    static func acquire(path: String, holder: String) throws -> FileRunLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(.lockFailed, path: path, message: "cannot open the run lock: \(errorText(errno))")
        }
        var result: Int32
        repeat {
            result = flock(descriptor, LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        if result != 0 {
            let code = errno
            defer { close(descriptor) }
            if code == EWOULDBLOCK || code == EAGAIN {
                throw RunLockError(holder: readText(descriptor) ?? "holder unknown")
            }
            throw StoreError(.lockFailed, path: path, message: "cannot take the run lock: \(errorText(code))")
        }
        let bytes = Array(holder.utf8)
        let written = bytes.withUnsafeBytes { buffer in pwrite(descriptor, buffer.baseAddress, buffer.count, 0) }
        // The text only tells a waiting run who holds the lock: the lock itself is taken either way.
        if written == bytes.count { _ = ftruncate(descriptor, off_t(bytes.count)) }
        return FileRunLock(descriptor: descriptor)
    }

    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            _ = flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    /// The file's text (its first 4 KB), trimmed; nil when empty or unreadable.
    private static func readText(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingASCIIWhitespace()
        return text.isEmpty ? nil : text.debugSafe
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
