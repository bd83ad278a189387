import Foundation

/// The domain of an envelope address, checked and written two ways: `display` with U-labels (what a
/// person reads, and the store's key) and `ascii` with A-labels (what goes on the wire, RFC 5890).
///
/// Rules: labels of letters, digits and hyphens, 1 to 63 octets, no hyphen at either end and none in
/// both the third and fourth place unless the label is an A-label (`xn--`); at least two labels; at most
/// 253 octets in A-label form; no IP literals. The top-level label starts with a letter, a hyphenated
/// one also ends with a letter, and an internationalized one is letters (and marks) only.
/// Special-use names that never route through a relay are refused (`.local`, `.onion`, `.arpa`, `.alt`,
/// `.internal`); the RFC 2606 / RFC 6761 names `.test`, `.example`, `.invalid` and `.localhost` only
/// under a policy that allows them.
///
/// International domains go through a subset of the UTS #46 mapping: the ideographic and full-width
/// full stops (U+3002, U+FF0E, U+FF61) become dots, then NFKC and lower case; a character whose mapping
/// would bring in a dot (such as U+2488 "1.") is refused. A U-label may hold letters, combining marks
/// (not first), decimal digits and hyphens; anything else (symbols, spaces, format and private-use
/// characters, unassigned code points) is refused. IDNA 2008's contextual and bidi rules are not
/// implemented beyond that: zero-width joiners are refused outright. An `xn--` label must decode to such a
/// U-label, already in mapped form, that encodes back to the same A-label.
public struct DomainName: Hashable, Sendable {
    public let display: String
    public let ascii: String

    /// Top-level names reserved for documentation and testing (RFC 2606, RFC 6761).
    public static let reservedForTesting: Set<String> = ["test", "example", "invalid", "localhost"]
    /// Special-use names that no relay delivers to (RFC 6762, RFC 7686, RFC 8375's `home.arpa`, RFC 9476).
    public static let specialUse: Set<String> = ["local", "onion", "arpa", "alt", "internal"]

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case ipLiteral
        case singleLabel
        case emptyLabel
        case invalidCharacter(Unicode.Scalar)
        case hyphenAtEnd(label: String)
        case hyphensInThirdAndFourth(label: String)
        case labelTooLong(label: String, octets: Int)
        case tooLong(octets: Int)
        case invalidALabel(label: String)
        case invalidULabel(label: String)
        case topLevel(label: String)
        case reservedTopLevel(label: String)
        case specialUse(label: String)

        public var description: String {
            switch self {
            case .empty: return "the domain is empty"
            case .ipLiteral: return "IP address literals are not accepted"
            case .singleLabel: return "the domain has a single label (a mail domain needs a dot)"
            case .emptyLabel: return "the domain has an empty label (a dot at either end, or two in a row)"
            case let .invalidCharacter(scalar):
                return "the domain contains '\(String(scalar).debugSafe)' (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))"
            case let .hyphenAtEnd(label): return "the label '\(label.debugSafe)' starts or ends with a hyphen"
            case let .hyphensInThirdAndFourth(label): return "the label '\(label.debugSafe)' has hyphens in the third and fourth places"
            case let .labelTooLong(label, octets): return "the label '\(label.debugSafe)' is \(octets) octets long (at most 63)"
            case let .tooLong(octets): return "the domain is \(octets) octets long in A-label form (at most 253)"
            case let .invalidALabel(label): return "'\(label.debugSafe)' is not a valid A-label (IDNA 2008)"
            case let .invalidULabel(label): return "'\(label.debugSafe)' is not a valid internationalized label"
            case let .topLevel(label): return "'\(label.debugSafe)' is not a valid top-level domain"
            case let .reservedTopLevel(label): return "the top-level domain .\(label) is reserved for documentation and tests (allowed when \(EmailAddress.Policy.environmentVariable)=1)"
            case let .specialUse(label): return "the top-level domain .\(label) is a special-use name that no relay delivers to"
            }
        }
    }

    /// `raw` as written after the `@`.
    public init(_ raw: Substring, allowsReservedTopLevelDomains: Bool) throws(Problem) {
        guard !raw.isEmpty else { throw .empty }
        guard raw.utf8.first != UInt8(ascii: "[") else { throw .ipLiteral }
        let labels: [Label]
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            labels = try Self.asciiLabels(raw.utf8)
        } else {
            labels = try Self.mappedLabels(raw)
        }
        guard labels.count >= 2 else { throw .singleLabel }
        let asciiLength = labels.reduce(labels.count - 1) { $0 + $1.ascii.utf8.count }
        guard asciiLength <= 253 else { throw .tooLong(octets: asciiLength) }
        let top = labels[labels.count - 1]
        try Self.checkTopLevel(top)
        if Self.specialUse.contains(top.display) { throw .specialUse(label: top.display) }
        if !allowsReservedTopLevelDomains, Self.reservedForTesting.contains(top.display) {
            throw .reservedTopLevel(label: top.display)
        }
        if labels.allSatisfy({ $0.isPlain }) {
            let text = labels.count == 1 ? labels[0].ascii : labels.map(\.ascii).joined(separator: ".")
            display = text
            ascii = text
        } else {
            display = labels.map(\.display).joined(separator: ".")
            ascii = labels.map(\.ascii).joined(separator: ".")
        }
    }

    /// One label in both forms; `isPlain` when both are the same ASCII LDH label.
    struct Label {
        var display: String
        var ascii: String
        var isPlain: Bool { display == ascii }
    }

    // MARK: ASCII

    private static func asciiLabels(_ bytes: Substring.UTF8View) throws(Problem) -> [Label] {
        var labels: [Label] = []
        var current: [UInt8] = []
        current.reserveCapacity(63)
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                labels.append(try asciiLabel(current))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        labels.append(try asciiLabel(current))
        return labels
    }

    private static func isLDH(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }

    /// An ASCII label, lower-cased; an `xn--` label is checked as an A-label and shown as its U-label.
    private static func asciiLabel(_ raw: [UInt8]) throws(Problem) -> Label {
        guard !raw.isEmpty else { throw .emptyLabel }
        var bytes = raw
        for index in bytes.indices {
            if bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") { bytes[index] += 0x20 }
            guard isLDH(bytes[index]) else { throw .invalidCharacter(Unicode.Scalar(raw[index])) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.count <= 63 else { throw .labelTooLong(label: text, octets: bytes.count) }
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { throw .hyphenAtEnd(label: text) }
        if bytes.count >= 4, bytes[2] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: "-") {
            guard bytes[0] == UInt8(ascii: "x"), bytes[1] == UInt8(ascii: "n") else { throw .hyphensInThirdAndFourth(label: text) }
            return Label(display: try uLabel(fromALabel: text), ascii: text)
        }
        return Label(display: text, ascii: text)
    }

    /// The U-label an A-label stands for, when it is one: valid Punycode of a valid, already mapped
    /// U-label with at least one non-ASCII character, which encodes back to the same A-label.
    private static func uLabel(fromALabel label: String) throws(Problem) -> String {
        let encoded = label.dropFirst(4)
        guard !encoded.isEmpty, let scalars = Punycode.decode(encoded), scalars.contains(where: { !$0.isASCII }) else {
            throw .invalidALabel(label: label)
        }
        let decoded = String(String.UnicodeScalarView(scalars))
        guard map(decoded) == decoded, isValidULabel(scalars), Punycode.encode(scalars) == String(encoded) else {
            throw .invalidALabel(label: label)
        }
        return decoded
    }

    // MARK: International

    private static let fullStops: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// The UTS #46 subset: lower case and NFKC, the three full-stop variants as dots.
    static func map(_ text: String) -> String {
        let folded = text.lowercased().precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            out.append(fullStops.contains(scalar) ? "." : scalar)
        }
        return String(out)
    }

    private static func mappedLabels(_ raw: Substring) throws(Problem) -> [Label] {
        for scalar in raw.unicodeScalars where !scalar.isASCII && !fullStops.contains(scalar) {
            // A character whose compatibility form holds a dot (U+2488 "1.", U+2024 one dot leader…) would
            // split a label the writer did not split: UTS #46 disallows it.
            if String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars.contains(where: { $0 == "." || fullStops.contains($0) }) {
                throw .invalidCharacter(scalar)
            }
        }
        let mapped = map(String(raw))
        var labels: [Label] = []
        for part in mapped.split(separator: ".", omittingEmptySubsequences: false) {
            if part.utf8.allSatisfy({ $0 < 0x80 }) {
                labels.append(try asciiLabel(Array(part.utf8)))
                continue
            }
            let scalars = Array(part.unicodeScalars)
            let text = String(part)
            guard scalars.first != "-", scalars.last != "-" else { throw .hyphenAtEnd(label: text) }
            if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" { throw .hyphensInThirdAndFourth(label: text) }
            if let bad = scalars.first(where: { !isULabelScalar($0) }) { throw .invalidCharacter(bad) }
            guard isValidULabel(scalars), let punycode = Punycode.encode(scalars) else { throw .invalidULabel(label: text) }
            let aLabel = "xn--" + punycode
            guard aLabel.utf8.count <= 63 else { throw .labelTooLong(label: text, octets: aLabel.utf8.count) }
            labels.append(Label(display: text, ascii: aLabel))
        }
        return labels
    }

    /// Letters, combining marks, decimal digits and the hyphen.
    private static func isULabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            return isLDH(byte)
        }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .titlecaseLetter, .uppercaseLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func isValidULabel(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first, !isMark(first), scalars.allSatisfy(isULabelScalar) else { return false }
        guard scalars.first != "-", scalars.last != "-" else { return false }
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" { return false }
        return true
    }

    // MARK: Top level

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
        }
        return scalar.properties.isAlphabetic && scalar.properties.numericType == nil
    }

    /// `com`, `x123`, `co-uk`, `рф`; not `123`, `tld-2` or `1com`.
    private static func checkTopLevel(_ label: Label) throws(Problem) {
        let scalars = Array(label.display.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, isLetter(first) else { throw .topLevel(label: label.display) }
        if label.isPlain {
            if scalars.contains("-"), !isLetter(last) { throw .topLevel(label: label.display) }
        } else if !scalars.allSatisfy({ isLetter($0) || isMark($0) }) {
            throw .topLevel(label: label.display)
        }
    }
}
