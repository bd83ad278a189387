/// What libcurl's debug callback showed of one transaction: the phase reached, the server's last
/// complete reply, and the first refusal (4xx/5xx) with the phase it answered. The refusal is kept
/// because libcurl goes on to send QUIT on a connection it closes, whose 221 would hide it. Client lines are only read for their command verb; AUTH lines and the exchange that
/// follows them are never stored, and
/// credentials a server echoes in a reply are redacted (`SMTPReplyRedaction`).
final class SMTPTranscript {
    private let redaction: SMTPReplyRedaction
    private(set) var phase: SMTPPhase = .greeting
    private(set) var lastReply: SMTPReply?
    /// The first 4xx/5xx reply, and the phase it answered.
    private(set) var refusal: (reply: SMTPReply, phase: SMTPPhase)?
    private var inAuthExchange = false
    /// Whether the last complete EHLO reply listed SMTPUTF8 (RFC 6531); nil when none was seen.
    private(set) var offersSMTPUTF8: Bool?
    private var ehloListsSMTPUTF8 = false
    private var pendingLines: [String] = []
    private var partial: [UInt8] = []

    init(redaction: SMTPReplyRedaction = SMTPReplyRedaction(user: nil, password: nil)) {
        self.redaction = redaction
    }

    /// A line (or lines) the client sent (CURLINFO_HEADER_OUT).
    func clientSent(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inAuthExchange { return }   // AUTH continuation lines carry credentials
        let verb = bytes.prefix { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A }.prefix(8)
        // libcurl's verbs are ASCII: upper-cased byte by byte; anything else as Unicode says.
        let upper = verb.allSatisfy { $0 < 0x80 }
            ? String(decoding: verb.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
            : String(decoding: verb, as: UTF8.self).uppercased()
        switch upper {
        case "EHLO", "HELO": phase = .hello
        case "STARTTLS": phase = .startTLS
        case "AUTH": phase = .auth; inAuthExchange = true
        case "MAIL": phase = .mailFrom
        case "RCPT": phase = .recipient
        case "DATA": phase = .data
        case "VRFY", "EXPN", "HELP", "NOOP": phase = .other
        // QUIT and RSET end a connection or transaction libcurl has already given up: the phase of
        // the failure stays what it was.
        default: break
        }
    }

    /// Reply text the server sent (CURLINFO_HEADER_IN); may hold part of a line or several lines.
    func serverSent(_ bytes: UnsafeBufferPointer<UInt8>) {
        partial.append(contentsOf: bytes)
        while let newline = partial.firstIndex(of: 0x0A) {
            var line = Array(partial[..<newline])
            partial.removeSubrange(...newline)
            while line.last == 0x0D { line.removeLast() }
            receive(line: line)
        }
        if partial.count > 4096 { partial.removeAll() }
    }

    private func receive(line bytes: [UInt8]) {
        let line = String(decoding: bytes, as: UTF8.self)
        // The line as read (ill-formed UTF-8 repaired), without a second copy when it is ASCII.
        let utf8 = bytes.allSatisfy { $0 < 0x80 } ? bytes : Array(line.utf8)
        let redacted = redaction.redact(line, inAuthExchange: inAuthExchange)
        // Printable ASCII of at most 80 bytes is what clipping and `debugSafe` would give back unchanged.
        if redacted.utf8.count <= 80, redacted.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            pendingLines.append(redacted)
        } else {
            let clipped = redacted.count > 200 ? String(redacted.prefix(200)) + "…" : redacted
            pendingLines.append(clipped.debugSafe)
        }
        let isFinal = utf8.count < 4 || utf8[3] != UInt8(ascii: "-")
        if phase == .hello, utf8.count >= 12, utf8[0] == UInt8(ascii: "2"),
           String(decoding: utf8[4...], as: UTF8.self).uppercased().split(separator: " ").first == "SMTPUTF8" {
            ehloListsSMTPUTF8 = true
        }
        guard isFinal else {
            if pendingLines.count > 20 { pendingLines.removeFirst() }
            return
        }
        let code = Self.replyCode(utf8)
        let reply = SMTPReply(code: code, lines: pendingLines)
        lastReply = reply
        if refusal == nil, code >= 400, code < 600 { refusal = (reply, phase) }
        if phase == .hello {
            if code == 250 { offersSMTPUTF8 = ehloListsSMTPUTF8 }
            ehloListsSMTPUTF8 = false
        }
        pendingLines = []
        if inAuthExchange, code != 334 { inAuthExchange = false }
        if phase == .data, code == 354 { phase = .body }
    }

    /// The number the line starts with, as `Int` reads its first three characters (0 when it cannot).
    static func replyCode(_ line: [UInt8]) -> Int {
        let head = line.prefix(3)
        guard head.count == 3, head.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return Int(String(decoding: head, as: UTF8.self)) ?? 0
        }
        return head.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
