import NurtureCore

/// Checks made before libcurl sees a message: libcurl 7.88 dot-stuffs only after CRLF, and a CR or LF in
/// an envelope address becomes an extra SMTP command, so anything that could smuggle one is refused here.
enum SMTPMessageCheck {
    /// Why the message must not be sent, or nil.
    static func problem(in message: OutgoingMessage) -> String? {
        if let problem = problem(inAddress: message.envelope.mailFrom, role: "MAIL FROM") { return problem }
        if let problem = problem(inAddress: message.envelope.recipient, role: "RCPT TO") { return problem }
        return problem(inBody: message.bytes)
    }

    static func problem(inAddress address: EmailAddress, role: String) -> String? {
        let value = address.value
        let bad = value.unicodeScalars.contains { scalar in
            scalar.value < 0x21 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "<" || scalar == ">" || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        return bad ? "refused before sending: the \(role) address '\(value.debugSafe)' contains a forbidden character" : nil
    }

    static func problem(inBody bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "refused before sending: the message is empty" }
        var index = 0
        let count = bytes.count
        while index < count {
            switch bytes[index] {
            case 0x0D:
                guard index + 1 < count, bytes[index + 1] == 0x0A else {
                    return "refused before sending: bare CR at byte \(index) (the message must use CRLF line endings)"
                }
                index += 2
            case 0x0A:
                return "refused before sending: bare LF at byte \(index) (the message must use CRLF line endings)"
            case 0x00:
                return "refused before sending: NUL byte at byte \(index)"
            default:
                index += 1
            }
        }
        return nil
    }
}
