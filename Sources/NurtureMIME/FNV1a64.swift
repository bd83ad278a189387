/// 64-bit FNV-1a.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        // A string's UTF-8 is contiguous: hashed from its buffer, not byte by byte through the view.
        let hashed: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            for byte in buffer { add(byte) }
        }
        if hashed == nil {
            for byte in bytes { add(byte) }
        }
    }

    private mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }
}
