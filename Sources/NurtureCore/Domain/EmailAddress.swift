/// An email address as the store keys it: trimmed, with the domain lower-cased.
///
/// Contact data is hostile: the initializer refuses anything that could become an extra SMTP command
/// or header (control characters, line separators, angle brackets, spaces) so that a value of this
/// type is always safe to put in an envelope or an address header.
public struct EmailAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let localPart: String
    public let domain: String

    public var description: String { "\(localPart)@\(domain)" }
    public var value: String { description }

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
        guard !local.contains("@") || (local.hasPrefix("\"") && local.hasSuffix("\"")) else {
            throw .badLocalPart(raw: trimmed)
        }
        guard EmailAddress.isValidDomain(domain) else { throw .badDomain(raw: trimmed) }
        guard trimmed.utf8.count <= 254 else { throw .tooLong(raw: trimmed) }
        self.localPart = local
        self.domain = domain
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

    static func isValidDomain(_ domain: String) -> Bool {
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            for scalar in label.unicodeScalars {
                let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "-"
                    || scalar.value > 0x7F
                if !ok { return false }
            }
        }
        return true
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
