/// An email address as the store keys it: trimmed, with the domain lower-cased.
///
/// Contact data is hostile: the initializer refuses anything that could become an extra SMTP command
/// or header (control characters, line separators, angle brackets, spaces) so that a value of this
/// type is always safe to put in an envelope or an address header.
public struct EmailAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let localPart: String
    public let domain: String

    /// `local@domain`, made once: stores, envelopes and hash lookups read it millions of times.
    public let value: String
    public var description: String { value }

    public init(_ raw: String) throws(EmailAddressError) {
        let trimmed = raw.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        for scalar in trimmed.unicodeScalars where EmailAddress.isForbidden(scalar) {
            throw .forbiddenCharacter(raw: raw, scalar: scalar)
        }
        guard let at = trimmed.lastIndex(of: "@") else { throw .missingAt(raw: trimmed) }
        let local = String(trimmed[..<at])
        let domain = String(trimmed[trimmed.index(after: at)...]).lowercased()
        guard !local.isEmpty, local.utf8.count <= 64 else { throw .badLocalPart(raw: trimmed) }
        guard !local.utf8.contains(UInt8(ascii: "@")) || (local.hasPrefix("\"") && local.hasSuffix("\"")) else {
            throw .badLocalPart(raw: trimmed)
        }
        guard EmailAddress.isValidDomain(domain) else { throw .badDomain(raw: trimmed) }
        guard trimmed.utf8.count <= 254 else { throw .tooLong(raw: trimmed) }
        self.localPart = local
        self.domain = domain
        self.value = "\(local)@\(domain)"
    }

    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value < rhs.value }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x20, 0x7F...0x9F: return true          // controls, space, C1 (NEL)
        case 0x2028, 0x2029: return true                    // line / paragraph separators
        case 0xFEFF: return true
        default: break
        }
        switch scalar {
        case "<", ">", ",", ";", "(", ")", "[", "]", "\\": return true
        default: return false
        }
    }

    /// Labels of letters, digits and hyphens (non-ASCII allowed), 1 to 63 octets, no hyphen at either end;
    /// at least two labels; at most 253 octets. One pass over the bytes.
    static func isValidDomain(_ domain: String) -> Bool {
        let bytes = domain.utf8
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        var labels = 1
        var length = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard length > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                length = 0
            } else {
                let ok = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "-") || byte > 0x7F
                guard ok, !(length == 0 && byte == UInt8(ascii: "-")) else { return false }
                length += 1
                guard length <= 63 else { return false }
            }
            previous = byte
        }
        return length > 0 && previous != UInt8(ascii: "-") && labels >= 2
    }
}

public enum EmailAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case forbiddenCharacter(raw: String, scalar: Unicode.Scalar)
    case missingAt(raw: String)
    case badLocalPart(raw: String)
    case badDomain(raw: String)
    case tooLong(raw: String)

    public var description: String {
        switch self {
        case .empty: return "email is empty"
        case let .forbiddenCharacter(_, scalar):
            return "email contains a forbidden character (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))"
        case let .missingAt(raw): return "email '\(raw.debugSafe)' has no @"
        case let .badLocalPart(raw): return "email '\(raw.debugSafe)' has an invalid local part"
        case let .badDomain(raw): return "email '\(raw.debugSafe)' has an invalid domain"
        case let .tooLong(raw): return "email '\(raw.debugSafe)' is longer than 254 octets"
        }
    }
}
