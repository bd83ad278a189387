import Crypto

/// The body hash (`bh=`): SHA-256 over the canonicalized body, computed in one pass with no copy of
/// the body (RFC 6376 3.4.3, 3.4.4, 3.7). Canonical bytes go to the hash in blocks.
///
/// Both forms drop the empty lines at the end and end a non-empty body with one CRLF; `simple` hashes an
/// empty body as one CRLF, `relaxed` as nothing, and also makes each run of spaces and tabs one space and
/// drops them at line ends. A CR without LF, or LF without CR, is an ordinary character.
public struct DKIMBodyHash {
    private let relaxed: Bool
    private var hasher = SHA256()
    private var block: [UInt8] = []
    private var pendingLineBreaks = 0
    private var pendingSpace = false
    private var pendingCR = false
    private var wroteContent = false

    private static let blockSize = 4096

    public init(canonicalization: DKIMCanonicalization) {
        relaxed = canonicalization == .relaxed
        block.reserveCapacity(Self.blockSize + 8)
    }

    /// The hash of `body` in one call.
    public static func digest(of body: ArraySlice<UInt8>, canonicalization: DKIMCanonicalization) -> SHA256.Digest {
        var hash = DKIMBodyHash(canonicalization: canonicalization)
        hash.update(body)
        return hash.finalize()
    }

    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { consume(byte) }
        }
    }

    public mutating func finalize() -> SHA256.Digest {
        if pendingCR {
            pendingCR = false
            content(0x0D)
        }
        if wroteContent || !relaxed {
            block.append(0x0D)
            block.append(0x0A)
        }
        hasher.update(data: block)
        block.removeAll(keepingCapacity: true)
        return hasher.finalize()
    }

    @inline(__always) private mutating func consume(_ byte: UInt8) {
        if pendingCR {
            pendingCR = false
            if byte == 0x0A {
                pendingSpace = false
                pendingLineBreaks += 1
                return
            }
            content(0x0D)
        }
        if byte == 0x0D {
            pendingCR = true
        } else if relaxed && (byte == 0x20 || byte == 0x09) {
            pendingSpace = true
        } else {
            content(byte)
        }
    }

    @inline(__always) private mutating func content(_ byte: UInt8) {
        while pendingLineBreaks > 0 {
            block.append(0x0D)
            block.append(0x0A)
            pendingLineBreaks -= 1
        }
        if pendingSpace {
            block.append(0x20)
            pendingSpace = false
        }
        block.append(byte)
        wroteContent = true
        if block.count >= Self.blockSize {
            hasher.update(data: block)
            block.removeAll(keepingCapacity: true)
        }
    }
}
