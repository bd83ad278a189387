/// One complete server reply: the code and the text of its lines.
struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    let code: Int
    let lines: [String]

    /// "550 5.1.1 unknown user"; several lines joined with " / ".
    var description: String {
        let text = lines.map { String($0.dropFirst(4)) }.joined(separator: " / ")
        return text.isEmpty ? String(code) : "\(code) \(text)"
    }

    /// The RFC 3463 enhanced status ("5.1.1") that starts the text, if any.
    var enhancedStatus: String? {
        guard let first = lines.last?.dropFirst(4).split(separator: " ").first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              let klass = parts.first, klass == String(code / 100) else { return nil }
        return String(first)
    }
}
