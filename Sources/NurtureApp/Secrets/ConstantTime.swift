/// Comparison of secrets that takes the same time whatever differs, so the time of an answer tells nothing
/// of how much of a guess was right.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes; every byte is compared (a length difference shows, which
    /// callers allow: they compare digests, MACs or public keys).
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(a, b) { difference |= left ^ right }
        return difference == 0
    }
}
