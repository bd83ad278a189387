import Foundation

extension EventType {
    /// The type whose raw value is these UTF-8 bytes, or nil: `init(rawValue:)` without making a string
    /// first (the store reads one per event, and a plan reads every event). The names of that length,
    /// then their bytes.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let byLength = Self.byLength
        guard bytes.count < byLength.count, let start = bytes.baseAddress else { return nil }
        for type in byLength[bytes.count] {
            var raw = type.rawValue
            if raw.withUTF8({ $0.baseAddress.map { memcmp($0, start, bytes.count) == 0 } ?? false }) {
                self = type
                return
            }
        }
        return nil
    }

    /// The types by the length of their raw value's UTF-8.
    private static let byLength: [[EventType]] = {
        var table = [[EventType]](repeating: [], count: (allCases.map(\.rawValue.utf8.count).max() ?? 0) + 1)
        for type in allCases { table[type.rawValue.utf8.count].append(type) }
        return table
    }()
}
