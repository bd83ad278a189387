import Foundation
import NurtureDKIM

/// Writes a new private key file: created with mode 0600 from the start (never readable by others, not
/// even for a moment), and never over an existing file (that may be the key in use).
public enum DKIMKeyFileWriter {
    public static func write(_ key: DKIMKey, to path: String) throws(NurtureError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists (a key in use is never overwritten; choose another --out)" : String(cString: strerror(errno))
            throw NurtureError("cannot write the DKIM key to \(path): \(reason)")
        }
        // The umask cannot widen 0600, but a narrower one must not leave the owner unable to read it.
        fchmod(descriptor, S_IRUSR | S_IWUSR)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(key.pemRepresentation.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw NurtureError("cannot write the DKIM key to \(path): \(error.localizedDescription)")
        }
    }
}
