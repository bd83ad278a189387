import CCurl
import NurtureCore

/// One persistent SMTP connection: an easy handle reused for many messages, replaced after
/// `maxMessagesPerConnection` messages, after `maxConnectionAge`, and after any failed transaction.
/// Lives on one worker thread, which runs `idleWork` while a transaction waits for the server.
final class SMTPConnection {
    private let configuration: SMTPConfiguration
    private var easy: CurlEasy?
    private var messagesOnHandle = 0
    private var openedAt = ContinuousClock.now
    /// Fresh handles made so far (for tests and logs).
    private(set) var handlesMade = 0
    /// Whether the relay's last EHLO on this handle listed SMTPUTF8; nil until one was seen.
    private(set) var relayOffersSMTPUTF8: Bool?

    private let redaction: SMTPReplyRedaction
    private let abort: SMTPAbortSwitch
    private let idleWork: (any CurlIdleWork)?

    init(configuration: SMTPConfiguration, abort: SMTPAbortSwitch = SMTPAbortSwitch(), idleWork: (any CurlIdleWork)? = nil) {
        self.configuration = configuration
        self.abort = abort
        self.idleWork = idleWork
        redaction = SMTPReplyRedaction(user: configuration.user, password: configuration.password?.value)
    }

    /// Delivers one message that `SMTPMessageCheck` passed (the pool checks before queueing it); blocks
    /// the calling thread for the whole SMTP transaction.
    func deliver(_ message: OutgoingMessage) -> DeliveryOutcome {
        if easy != nil, ContinuousClock.now - openedAt >= configuration.maxConnectionAge {
            close()
        }
        if Self.requiresSMTPUTF8(message) {
            // A NOOP on a kept connection sends no new EHLO: learn the extensions on a fresh one.
            if relayOffersSMTPUTF8 == nil, easy != nil { close() }
            if relayOffersSMTPUTF8 == nil, let failure = probe() { return failure }
            guard relayOffersSMTPUTF8 == true else { return Self.noSMTPUTF8(message) }
        }
        let reused = easy != nil && messagesOnHandle > 0
        // From its first command on, the message may go out: the ledger records it so (a message queued and never
        // started is never recorded as going out).
        message.gate?.transactionStarts()
        var (outcome, attempt) = transact(message)
        if reused, let attempt, Self.isSafeToRetry(attempt, outcome) {
            // The kept connection had died (server idle timeout) before the message went out: once more on a new one.
            close()
            (outcome, _) = transact(message)
        }
        if case .sent = outcome {
            messagesOnHandle += 1
            if messagesOnHandle >= configuration.maxMessagesPerConnection { close() }
        } else {
            // A server that left a message without a reply will not answer QUIT either: do not wait for it.
            if case .unknown = outcome { easy?.severConnection() }
            close()
        }
        return outcome
    }

    /// Drops the handle (libcurl sends QUIT on a live connection).
    func close() {
        easy = nil
        messagesOnHandle = 0
        relayOffersSMTPUTF8 = nil
    }

    /// A local part with non-ASCII characters (RFC 6531) in either envelope address. Domains never need
    /// SMTPUTF8: they go out as A-labels.
    static func requiresSMTPUTF8(_ message: OutgoingMessage) -> Bool {
        message.envelope.recipient.requiresSMTPUTF8 || message.envelope.mailFrom.requiresSMTPUTF8
    }

    /// libcurl 7.88 sends a UTF-8 address as is whether or not the relay offered SMTPUTF8 (it only adds the
    /// SMTPUTF8 parameter to MAIL FROM when it was offered), so such a message waits here instead, never
    /// mangled: the relay may offer SMTPUTF8 later, or the message goes through another relay.
    static func noSMTPUTF8(_ message: OutgoingMessage) -> DeliveryOutcome {
        let address = message.envelope.recipient.requiresSMTPUTF8 ? message.envelope.recipient : message.envelope.mailFrom
        let role = message.envelope.recipient.requiresSMTPUTF8 ? "recipient" : "sender"
        return .deferred(reply: "not sent: the \(role) address '\(address.value.debugSafe)' has a non-ASCII local part and the relay does not offer SMTPUTF8 (RFC 6531)")
    }

    /// Opens the connection with a NOOP alone (greeting, EHLO, STARTTLS, AUTH as configured, then NOOP) to
    /// learn from the EHLO reply whether the relay offers SMTPUTF8; the connection stays open for the
    /// message. The outcome when that fails, or nil.
    private func probe() -> DeliveryOutcome? {
        let handle: CurlEasy
        do {
            handle = try currentHandle()
        } catch {
            close()
            return .fatal(reply: "cannot set up libcurl: \(error)")
        }
        let exchange = SMTPExchange(body: [], redaction: redaction, abort: abort)
        let code: CURLcode
        do {
            try handle.set(CURLOPT_UPLOAD, long: 0, "CURLOPT_UPLOAD")
            try handle.set(CURLOPT_CUSTOMREQUEST, string: "NOOP", "CURLOPT_CUSTOMREQUEST")
            try handle.set(CURLOPT_MAIL_RCPT, list: nil, "CURLOPT_MAIL_RCPT")
            try handle.set(CURLOPT_DEBUGDATA, pointer: exchange.pointer, "CURLOPT_DEBUGDATA")
            code = withExtendedLifetime(exchange) { handle.perform(idleWork: idleWork) }
            try handle.set(CURLOPT_DEBUGDATA, pointer: nil, "CURLOPT_DEBUGDATA")
            try handle.set(CURLOPT_CUSTOMREQUEST, string: nil, "CURLOPT_CUSTOMREQUEST")
            try handle.set(CURLOPT_UPLOAD, long: 1, "CURLOPT_UPLOAD")
        } catch {
            close()
            return .fatal(reply: "cannot set up libcurl: \(error)")
        }
        if let offered = exchange.transcript.offersSMTPUTF8 { relayOffersSMTPUTF8 = offered }
        guard code == CURLE_OK, relayOffersSMTPUTF8 != nil else {
            let detail = handle.errorDetail
            let attempt = SMTPAttempt(
                curlCode: code.rawValue, curlText: String(cString: curl_easy_strerror(code)) + (detail.isEmpty ? "" : ": \(detail.debugSafe)"),
                phase: exchange.transcript.phase, lastReply: exchange.transcript.lastReply,
                refusal: exchange.transcript.refusal?.reply, refusalPhase: exchange.transcript.refusal?.phase,
                responseCode: handle.responseCode(), bodyComplete: false)
            close()
            switch DeliveryClassifier.outcome(of: attempt) {
            case .fatal, .unavailable, .refused: return DeliveryClassifier.outcome(of: attempt)
            default: return .unavailable(reply: "cannot learn whether the relay offers SMTPUTF8: \(attempt.curlText)")
            }
        }
        return nil
    }

    /// A transport error with no server refusal, before DATA was sent: nothing can have been delivered.
    static func isSafeToRetry(_ attempt: SMTPAttempt, _ outcome: DeliveryOutcome) -> Bool {
        guard case .deferred = outcome, !attempt.bodyComplete else { return false }
        if attempt.refusal != nil { return false }
        switch attempt.phase {
        case .greeting, .mailFrom, .recipient: return true
        case .hello, .startTLS, .auth, .data, .body, .other: return false
        }
    }

    private func transact(_ message: OutgoingMessage) -> (DeliveryOutcome, SMTPAttempt?) {
        let handle: CurlEasy
        do {
            handle = try currentHandle()
        } catch {
            close()
            return (.fatal(reply: "cannot set up libcurl: \(error)"), nil)
        }
        let exchange = SMTPExchange(body: message.bytes, redaction: redaction, abort: abort, gate: message.gate)
        // The envelope forms: domains in A-labels, checked again by SMTPMessageCheck.
        let recipients: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "<\(message.envelope.recipient.envelope)>")
        defer { curl_slist_free_all(recipients) }
        let code: CURLcode
        do {
            guard recipients != nil else { throw CurlError(CURLE_OUT_OF_MEMORY, place: "curl_slist_append") }
            try handle.set(CURLOPT_MAIL_FROM, string: "<\(message.envelope.mailFrom.envelope)>", "CURLOPT_MAIL_FROM")
            try handle.set(CURLOPT_MAIL_RCPT, list: recipients, "CURLOPT_MAIL_RCPT")
            try handle.set(CURLOPT_READDATA, pointer: exchange.pointer, "CURLOPT_READDATA")
            try handle.set(CURLOPT_DEBUGDATA, pointer: exchange.pointer, "CURLOPT_DEBUGDATA")
            try handle.set(CURLOPT_XFERINFODATA, pointer: exchange.pointer, "CURLOPT_XFERINFODATA")
            code = withExtendedLifetime(exchange) { handle.perform(idleWork: idleWork) }
            // A new connection's EHLO says whether the relay takes UTF-8 addresses, for later messages.
            if let offered = exchange.transcript.offersSMTPUTF8 { relayOffersSMTPUTF8 = offered }
            // The callbacks must never see a freed exchange (curl_easy_cleanup may still talk: QUIT).
            try handle.set(CURLOPT_READDATA, pointer: nil, "CURLOPT_READDATA")
            try handle.set(CURLOPT_DEBUGDATA, pointer: nil, "CURLOPT_DEBUGDATA")
            try handle.set(CURLOPT_MAIL_RCPT, list: nil, "CURLOPT_MAIL_RCPT")
        } catch {
            close()
            return (.fatal(reply: "cannot set up libcurl: \(error)"), nil)
        }
        if exchange.gateRefused {
            // The ledger did not record the message as going out: it ended before its final dot, undelivered.
            return (.fatal(reply: Self.gateRefusedReply), nil)
        }
        let detail = handle.errorDetail
        var curlText = String(cString: curl_easy_strerror(code)) + " (curl error \(code.rawValue))"
        if !detail.isEmpty { curlText += ": \(detail.debugSafe)" }
        let attempt = SMTPAttempt(
            curlCode: code.rawValue, curlText: curlText, phase: exchange.transcript.phase,
            lastReply: exchange.transcript.lastReply, refusal: exchange.transcript.refusal?.reply,
            refusalPhase: exchange.transcript.refusal?.phase, responseCode: handle.responseCode(),
            bodyComplete: exchange.bodyComplete)
        return (DeliveryClassifier.outcome(of: attempt), attempt)
    }

    private func currentHandle() throws(CurlError) -> CurlEasy {
        if let easy { return easy }
        let easy = try CurlEasy()
        try configure(easy)
        self.easy = easy
        messagesOnHandle = 0
        openedAt = .now
        handlesMade += 1
        return easy
    }

    /// Options that stay the same for every message on a handle.
    private func configure(_ easy: CurlEasy) throws(CurlError) {
        let config = configuration
        try easy.set(CURLOPT_URL, string: config.url, "CURLOPT_URL")
        try easy.set(CURLOPT_PROTOCOLS_STR, string: "smtp,smtps", "CURLOPT_PROTOCOLS_STR")
        try easy.set(CURLOPT_NOSIGNAL, long: 1, "CURLOPT_NOSIGNAL")
        try easy.set(CURLOPT_UPLOAD, long: 1, "CURLOPT_UPLOAD")
        try easy.set(CURLOPT_CRLF, long: 0, "CURLOPT_CRLF")
        let useSSL = config.requiresTLS ? CURLUSESSL_ALL : CURLUSESSL_TRY
        try easy.set(CURLOPT_USE_SSL, long: Int(useSSL.rawValue), "CURLOPT_USE_SSL")
        try easy.set(CURLOPT_SSL_VERIFYPEER, long: config.verifiesCertificates ? 1 : 0, "CURLOPT_SSL_VERIFYPEER")
        try easy.set(CURLOPT_SSL_VERIFYHOST, long: config.verifiesCertificates ? 2 : 0, "CURLOPT_SSL_VERIFYHOST")
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, long: Self.milliseconds(config.connectTimeout), "CURLOPT_CONNECTTIMEOUT_MS")
        let responseSeconds = Self.wholeSecondsRoundedUp(config.responseTimeout)
        try easy.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, long: responseSeconds, "CURLOPT_SERVER_RESPONSE_TIMEOUT")
        // A body upload that stalls (server stops reading) ends like a missing reply.
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, long: 1, "CURLOPT_LOW_SPEED_LIMIT")
        try easy.set(CURLOPT_LOW_SPEED_TIME, long: responseSeconds, "CURLOPT_LOW_SPEED_TIME")
        if let user = config.user, let password = config.password {
            try easy.set(CURLOPT_USERNAME, string: user, "CURLOPT_USERNAME")
            try easy.set(CURLOPT_PASSWORD, string: password.value, "CURLOPT_PASSWORD")
        }
        try easy.check(CCurl_easy_setopt_read_callback(easy.handle, smtpReadCallback), "CURLOPT_READFUNCTION")
        try easy.check(CCurl_easy_setopt_write_callback(easy.handle, smtpWriteCallback), "CURLOPT_WRITEFUNCTION")
        try easy.check(CCurl_easy_setopt_debug_callback(easy.handle, smtpDebugCallback), "CURLOPT_DEBUGFUNCTION")
        try easy.set(CURLOPT_DEBUGDATA, pointer: nil, "CURLOPT_DEBUGDATA")
        try easy.check(CCurl_easy_setopt_xferinfo_callback(easy.handle, smtpProgressCallback), "CURLOPT_XFERINFOFUNCTION")
        try easy.set(CURLOPT_XFERINFODATA, pointer: nil, "CURLOPT_XFERINFODATA")
        try easy.set(CURLOPT_NOPROGRESS, long: 0, "CURLOPT_NOPROGRESS")
        // The debug callback only runs in verbose mode; it replaces libcurl's stderr output entirely.
        try easy.set(CURLOPT_VERBOSE, long: 1, "CURLOPT_VERBOSE")
    }

    static let gateRefusedReply = "not sent: the ledger could not record the message as going out, so the transaction was abandoned before its end"

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    static func wholeSecondsRoundedUp(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
