import NurtureCore

/// Checks made before libcurl sees a message: libcurl 7.88 dot-stuffs only after CRLF, and a CR or LF in
/// an envelope address becomes an extra SMTP command, so anything that could smuggle one is refused here.
/// Each envelope address is checked again, in the A-label form that goes on the wire, against the
/// configured `EmailAddress.Policy`.
enum SMTPMessageCheck {
    /// Why the message must not be sent, or nil. `checkedSender`: a MAIL FROM envelope address that passed
    /// before (a run's messages share a few senders), not parsed again.
    static func problem(in message: OutgoingMessage, policy: EmailAddress.Policy, checkedSender: String? = nil) -> String? {
        if message.envelope.mailFrom.envelope != checkedSender,
           let problem = problem(inAddress: message.envelope.mailFrom, role: "MAIL FROM", policy: policy) { return problem }
        if let problem = problem(inAddress: message.envelope.recipient, role: "RCPT TO", policy: policy) { return problem }
        return problem(inBody: message.bytes)
    }

    static func problem(inAddress address: EmailAddress, role: String, policy: EmailAddress.Policy) -> String? {
        let wire = address.envelope
        let bad = wire.unicodeScalars.contains { scalar in
            scalar.value < 0x21 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "<" || scalar == ">" || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        if bad { return "refused before sending: the \(role) address '\(wire.debugSafe)' contains a forbidden character" }
        do {
            let again = try EmailAddress(wire, policy: policy)
            guard again.envelope == wire, again.asciiDomain.utf8.allSatisfy({ $0 < 0x80 }) else {
                return "refused before sending: the \(role) address '\(wire.debugSafe)' is not in its envelope form"
            }
        } catch {
            return "refused before sending: the \(role) address: \(error)"
        }
        return nil
    }

    static func problem(inBody message: [UInt8]) -> String? {
        guard !message.isEmpty else { return "refused before sending: the message is empty" }
        return message.withUnsafeBufferPointer { problem(inBody: $0) }
    }

    private static func problem(inBody bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        let count = bytes.count
        while index < count {
            // Most bytes are none of CR, LF and NUL (all three below 0x0E): eight at a time past those.
            while index + 8 <= count, !EightBytes.hasByte(EightBytes.load(bytes.baseAddress!, at: index), below: 0x0E) { index += 8 }
            guard index < count else { break }
            if bytes[index] > 0x0D {
                index += 1
                continue
            }
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
