import Foundation

/// An email address as RFC 5321 lets it into an SMTP envelope, in the forms nurture needs.
///
/// - `localPart`: a dot-atom (no leading, trailing or double dot), at most 64 octets; ASCII atext, or
///   UTF-8 (RFC 6531, NFC) that can only be sent through a relay offering SMTPUTF8. A quoted local part
///   only under a policy that allows it, and then only a well-formed quoted string.
/// - `domain`: the domain as a person reads it (U-labels, lower case): the store's key, with `value`.
/// - `envelope`: `localPart@` the domain in A-labels: what MAIL FROM and RCPT TO carry.
///
/// Contact data is hostile: whatever the policy, the initializer refuses anything that could become an
/// extra SMTP command or header (control characters, line separators, angle brackets, spaces, commas,
/// backslashes…) so that a value of this type is always safe to put in an envelope or an address header.
/// The initializer does not trim: callers trim their cells.
public struct EmailAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let localPart: String
    public let domain: String

    /// `local@domain` with U-labels, made once: stores and hash lookups read it millions of times.
    public let value: String
    /// `local@domain` with A-labels: the SMTP envelope's form (the same string as `value` for ASCII domains).
    public let envelope: String
    public var description: String { value }

    /// The domain in A-labels (RFC 5890), as the envelope carries it.
    public var asciiDomain: String {
        guard let at = envelope.utf8.lastIndex(of: UInt8(ascii: "@")) else { return envelope }
        return String(envelope[envelope.index(after: at)...])
    }

    /// True when the local part has non-ASCII characters: the message may only go to a relay that offers SMTPUTF8.
    public var requiresSMTPUTF8: Bool { localPart.utf8.contains { $0 >= 0x80 } }

    public init(_ raw: String, policy: Policy = .standard) throws(EmailAddressError) {
        guard !raw.isEmpty else { throw .empty }
        let (hasNonASCII, lastAt) = try Self.scanASCII(raw)
        if hasNonASCII {
            for scalar in raw.unicodeScalars where !scalar.isASCII && Self.isForbiddenNonASCII(scalar) {
                throw .forbiddenCharacter(raw: raw, scalar: scalar)
            }
        }
        guard let at = lastAt else { throw .missingAt(raw: raw) }
        let local = try Self.localPart(raw[..<at], raw: raw, policy: policy, isASCII: !hasNonASCII)
        let domain: DomainName
        do {
            // Index arithmetic on UTF-8 positions: a combining mark after the @ must not be skipped with it.
            domain = try DomainName(raw[raw.utf8.index(after: at)...], allowsReservedTopLevelDomains: policy.allowsReservedTopLevelDomains)
        } catch {
            throw .badDomain(raw: raw, problem: error)
        }
        let value = "\(local)@\(domain.display)"
        let envelope = domain.ascii == domain.display ? value : "\(local)@\(domain.ascii)"
        // As written, as stored and as sent (normalization can shorten or lengthen a local part).
        let octets = max(raw.utf8.count, value.utf8.count, envelope.utf8.count)
        guard octets <= 254 else { throw .tooLong(raw: raw, octets: octets) }
        self.localPart = local
        self.domain = domain.display
        self.value = value
        self.envelope = envelope
    }

    /// An address read back from the store. It was checked on its way in, perhaps by an earlier and looser
    /// version of these rules: one that today's rules refuse is still read (split at its last `@`, its
    /// envelope form the same text) rather than making the whole store unreadable, and the check before
    /// sending (`SMTPMessageCheck`) judges it by today's rules. Characters that could add a header or a
    /// command are refused whatever was stored. Plain ASCII, as nearly every stored address is, is only
    /// scanned and split (the store reads one per contact and ledger row); an international address is
    /// parsed again for its A-label form.
    public init(storedValue text: String) throws(EmailAddressError) {
        guard !text.isEmpty else { throw .empty }
        let (hasNonASCII, lastAt) = try Self.scanASCII(text)
        if hasNonASCII {
            if let checked = try? EmailAddress(text, policy: .stored) {
                self = checked
                return
            }
            if let scalar = text.unicodeScalars.first(where: { !$0.isASCII && Self.isForbiddenNonASCII($0) }) {
                throw .forbiddenCharacter(raw: text, scalar: scalar)
            }
        }
        guard let at = lastAt else { throw .missingAt(raw: text) }
        localPart = String(text[..<at])
        domain = String(text[text.utf8.index(after: at)...])
        value = text
        envelope = text
    }

    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value < rhs.value }

    /// One pass over the bytes: refuses a forbidden ASCII character, and says whether there is any
    /// non-ASCII byte and where the last `@` is.
    static func scanASCII(_ raw: String) throws(EmailAddressError) -> (hasNonASCII: Bool, lastAt: String.Index?) {
        // Over the contiguous bytes by offset (every contact read from the store is scanned).
        var text = raw
        let (hasNonASCII, forbidden, lastAt) = text.withUTF8 { bytes -> (Bool, UInt8?, Int?) in
            var hasNonASCII = false
            var lastAt: Int?
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte >= 0x80 {
                    hasNonASCII = true
                } else if isForbiddenASCII(byte) {
                    return (hasNonASCII, byte, lastAt)
                } else if byte == UInt8(ascii: "@") {
                    lastAt = offset
                }
            }
            return (hasNonASCII, nil, lastAt)
        }
        if let forbidden { throw .forbiddenCharacter(raw: raw, scalar: Unicode.Scalar(forbidden)) }
        return (hasNonASCII, lastAt.map { raw.utf8.index(raw.utf8.startIndex, offsetBy: $0) })
    }

    /// Space and controls, DEL, and the characters that end or split an address in a header or a command.
    static func isForbiddenASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, 0x7F: return true
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\"):
            return true
        default: return false
        }
    }

    /// C1 controls (NEL), line and paragraph separators, the byte-order mark.
    static func isForbiddenNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }

    // MARK: Local part

    /// RFC 5321 atext: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// A non-ASCII character a local part may hold (RFC 6531 UTF8-non-ascii, less what cannot be seen or
    /// typed safely: format and private-use characters, unassigned code points, spaces and separators).
    static func isSafeNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func localPart(_ local: Substring, raw: String, policy: Policy, isASCII: Bool) throws(EmailAddressError) -> String {
        guard !local.isEmpty else { throw .badLocalPart(raw: raw, reason: "it is empty") }
        if local.utf8.first == UInt8(ascii: "\"") {
            guard policy.allowsQuotedLocalPart else { throw .quotedLocalPart(raw: raw) }
            return try quotedLocalPart(local, raw: raw)
        }
        let text: String
        if isASCII || local.utf8.allSatisfy({ $0 < 0x80 }) {
            var previous = UInt8(ascii: ".")
            for byte in local.utf8 {
                if byte == UInt8(ascii: ".") {
                    guard previous != UInt8(ascii: ".") else {
                        throw .badLocalPart(raw: raw, reason: previous == byte && local.utf8.first == byte ? "it starts with a dot" : "it has two dots in a row")
                    }
                } else if !isAtext(byte) {
                    throw .badLocalPart(raw: raw, reason: "it contains '\(Character(Unicode.Scalar(byte)))' (only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ outside quotes)")
                }
                previous = byte
            }
            guard previous != UInt8(ascii: ".") else { throw .badLocalPart(raw: raw, reason: "it ends with a dot") }
            text = String(local)
        } else {
            text = String(local).precomposedStringWithCanonicalMapping
            var previous: Unicode.Scalar = "."
            for scalar in text.unicodeScalars {
                if scalar == "." {
                    guard previous != "." else {
                        throw .badLocalPart(raw: raw, reason: text.unicodeScalars.first == "." ? "it starts with a dot" : "it has two dots in a row")
                    }
                } else if scalar.isASCII {
                    guard isAtext(UInt8(scalar.value)) else {
                        throw .badLocalPart(raw: raw, reason: "it contains '\(scalar)' (only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ outside quotes)")
                    }
                } else {
                    guard isSafeNonASCII(scalar) else { throw .badLocalPart(raw: raw, reason: "it contains the unsafe character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))") }
                    guard !(previous == "." && isMark(scalar)) else {
                        throw .badLocalPart(raw: raw, reason: "a part of it starts with a combining mark (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))")
                    }
                }
                previous = scalar
            }
            guard previous != "." else { throw .badLocalPart(raw: raw, reason: "it ends with a dot") }
        }
        guard text.utf8.count <= 64 else { throw .badLocalPart(raw: raw, reason: "it is \(text.utf8.count) octets long (at most 64)") }
        return text
    }

    /// RFC 5321 Quoted-string: DQUOTE *qtextSMTP DQUOTE, with RFC 6531's UTF-8. Quoted pairs cannot occur:
    /// the backslash is a forbidden character, as are the space and the other characters refused above.
    private static func quotedLocalPart(_ local: Substring, raw: String) throws(EmailAddressError) -> String {
        let text = String(local).precomposedStringWithCanonicalMapping
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, scalars.last == "\"" else {
            throw .badLocalPart(raw: raw, reason: scalars.count == 2 ? "the quoted string is empty" : "the quoted string is not closed")
        }
        for scalar in scalars.dropFirst().dropLast() {
            if scalar.isASCII {
                // qtextSMTP: %d32-33 / %d35-91 / %d93-126 (the space and backslash are refused earlier).
                guard scalar != "\"" else { throw .badLocalPart(raw: raw, reason: "the quoted string has a quote inside it") }
            } else if !isSafeNonASCII(scalar) {
                throw .badLocalPart(raw: raw, reason: "it contains the unsafe character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))")
            }
        }
        guard text.utf8.count <= 64 else { throw .badLocalPart(raw: raw, reason: "it is \(text.utf8.count) octets long (at most 64)") }
        return text
    }
}

public enum EmailAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case forbiddenCharacter(raw: String, scalar: Unicode.Scalar)
    case missingAt(raw: String)
    case badLocalPart(raw: String, reason: String)
    case quotedLocalPart(raw: String)
    case badDomain(raw: String, problem: DomainName.Problem)
    case tooLong(raw: String, octets: Int)

    public var description: String {
        switch self {
        case .empty: return "email is empty"
        case let .forbiddenCharacter(_, scalar):
            return "email contains a forbidden character (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))"
        case let .missingAt(raw): return "email '\(raw.debugSafe)' has no @"
        case let .badLocalPart(raw, reason): return "email '\(raw.debugSafe)' has an invalid local part: \(reason)"
        case let .quotedLocalPart(raw): return "email '\(raw.debugSafe)' has a quoted local part, which nurture does not send to"
        case let .badDomain(raw, problem): return "email '\(raw.debugSafe)' has an invalid domain: \(problem)"
        case let .tooLong(raw, octets): return "email '\(raw.debugSafe)' is \(octets) octets long (at most 254)"
        }
    }
}
