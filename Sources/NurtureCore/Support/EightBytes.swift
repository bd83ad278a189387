/// Tests on eight bytes at once, read as one 64-bit word: each says whether any of the eight bytes
/// is of a kind, exactly, whatever the byte order.
public enum EightBytes {
    /// Each byte 0x01.
    @usableFromInline static var ones: UInt64 { 0x0101_0101_0101_0101 }
    /// Each byte 0x80.
    @usableFromInline static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The eight bytes at `offset` of `base`.
    @inlinable @inline(__always)
    public static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// Whether a byte of `word` is below `limit` (`limit` at most 128).
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, below limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// Whether a byte of `word` is above `limit` (`limit` at most 127).
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, above limit: UInt8) -> Bool {
        ((word &+ ones &* UInt64(127 - limit)) | word) & highBits != 0
    }

    /// Whether a byte of `word` is `byte`.
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, equalTo byte: UInt8) -> Bool {
        hasByte(word ^ (ones &* UInt64(byte)), below: 1)
    }
}
