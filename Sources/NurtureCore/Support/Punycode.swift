/// Punycode (RFC 3492): a label's Unicode scalars as letters, digits and hyphens, and back.
///
/// Only the bootstring algorithm with the RFC's parameters; the `xn--` prefix and the IDNA rules
/// around it are `DomainName`'s. Foundation on Linux offers no IDNA or Punycode API to rely on.
public enum Punycode {
    static let base = 36
    static let tMin = 1
    static let tMax = 26
    static let skew = 38
    static let damp = 700
    static let initialBias = 72
    static let initialN = 128
    static let delimiter = UInt8(ascii: "-")
    /// Far above anything a 63-octet label needs; keeps the arithmetic away from overflow.
    static let maxLength = 1024

    /// The Punycode form of `scalars` (RFC 3492 section 6.3): basic (ASCII) code points as they are,
    /// then a delimiter when there were any, then the deltas as lower-case letters and digits.
    /// Nil for input too long to encode safely.
    public static func encode(_ scalars: [Unicode.Scalar]) -> String? {
        guard scalars.count <= maxLength else { return nil }
        let input = scalars.map { Int($0.value) }
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(delimiter) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            guard let next = input.filter({ $0 >= n }).min() else { return nil }
            delta += (next - n) * (handled + 1)
            n = next
            for code in input {
                if code < n { delta += 1 }
                if code == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, points: handled + 1, first: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The scalars a Punycode string stands for (RFC 3492 section 6.2), or nil when it is not valid
    /// Punycode (a non-basic code point, a bad digit, a truncated number, a value beyond Unicode or a
    /// surrogate). Digits may be upper or lower case.
    public static func decode(_ text: some StringProtocol) -> [Unicode.Scalar]? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxLength, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [Int] = []
        var position = 0
        if let last = bytes.lastIndex(of: delimiter) {
            output = bytes[..<last].map(Int.init)
            position = last + 1
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        while position < bytes.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < bytes.count, let value = digitValue(bytes[position]) else { return nil }
                position += 1
                i += value * w
                let t = threshold(k, bias)
                if value < t { break }
                w *= base - t
                k += base
                guard i <= 0x10FFFF * (maxLength + 1), w <= 0x10FFFF * (maxLength + 1) else { return nil }
            }
            let count = output.count + 1
            bias = adapt(i - oldI, points: count, first: oldI == 0)
            n += i / count
            i %= count
            guard n <= 0x10FFFF else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(output.count)
        for code in output {
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            scalars.append(scalar)
        }
        return scalars
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// 0–25 as a–z, 26–35 as 0–9.
    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 26
        default: return nil
        }
    }
}
