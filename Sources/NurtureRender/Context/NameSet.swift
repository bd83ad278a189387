/// A fixed set of field names, as `ContextKeys` holds them, answering `contains` as `Set<String>` does
/// (canonically equivalent names are the same name). An ASCII name is looked for in a bucket chosen by
/// its length and first and last bytes, among the few names there, without hashing the whole name (the
/// render context asks about every field it may build, for every email); other names, and every name
/// when the set holds one that is not ASCII, are looked up in the `Set`.
struct NameSet: Hashable, Sendable {
    let names: Set<String>
    /// The names by `asciiBucket(of:count:)`; nil when one is not ASCII.
    private let buckets: [[String]]?

    init(_ names: Set<String>) {
        self.names = names
        var count = 8
        while count < 2 * names.count { count *= 2 }
        var buckets: [[String]]? = [[String]](repeating: [], count: count)
        for name in names {
            guard let bucket = Self.asciiBucket(of: name, count: count) else {
                buckets = nil
                break
            }
            buckets?[bucket].append(name)
        }
        self.buckets = buckets
    }

    var isEmpty: Bool { names.isEmpty }

    func contains(_ name: String) -> Bool {
        // An ASCII name equals only the same bytes; another may equal an ASCII one ("\u{212A}" is "K").
        guard let buckets, let bucket = Self.asciiBucket(of: name, count: buckets.count) else { return names.contains(name) }
        return buckets[bucket].contains(name)
    }

    /// The bucket of the ASCII `name` among `count` (a power of two); nil when `name` is not ASCII.
    private static func asciiBucket(of name: String, count: Int) -> Int? {
        var name = name
        return name.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return 0 }
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return (bytes.count &* 31 &+ Int(first) &* 7 &+ Int(last)) & (count - 1)
        }
    }

    static func == (lhs: NameSet, rhs: NameSet) -> Bool { lhs.names == rhs.names }

    func hash(into hasher: inout Hasher) { hasher.combine(names) }
}
