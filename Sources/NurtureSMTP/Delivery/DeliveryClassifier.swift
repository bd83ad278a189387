import CCurl
import NurtureCore

/// Turns a finished transaction into a `DeliveryOutcome`.
///
/// The `CURLcode` alone cannot tell a 421 from a 552 (libcurl 7.88 reports a refused RCPT as
/// CURLE_SEND_ERROR and a refused body as CURLE_WEIRD_SERVER_REPLY or CURLE_RECV_ERROR), so the server's
/// own reply decides whenever there is one; the phase says which command it answered, and whether the
/// read callback handed over the whole body tells "dropped mid-DATA" (deferred) from "no reply after
/// the final dot" (unknown).
enum DeliveryClassifier {
    static func outcome(of attempt: SMTPAttempt) -> DeliveryOutcome {
        if attempt.curlCode == CURLE_OK.rawValue {
            return .sent(reply: attempt.lastReply?.description ?? "\(attempt.responseCode) accepted")
        }
        if let refusal = attempt.refusal {
            return outcome(ofServerRefusal: refusal, in: attempt.refusalPhase ?? attempt.phase)
        }
        if let reply = errorReply(of: attempt) {
            return outcome(ofServerRefusal: reply, in: attempt.phase)
        }
        return outcome(ofTransportError: attempt)
    }

    /// `CURLINFO_RESPONSE_CODE` as a refusal, when the transcript saw no reply at all.
    private static func errorReply(of attempt: SMTPAttempt) -> SMTPReply? {
        if attempt.lastReply == nil, attempt.responseCode >= 400, attempt.responseCode < 600 {
            return SMTPReply(code: attempt.responseCode, lines: [])
        }
        return nil
    }

    private static func outcome(ofServerRefusal reply: SMTPReply, in phase: SMTPPhase) -> DeliveryOutcome {
        let text = reply.description
        let status = reply.enhancedStatus
        let beforeMail: Bool
        switch phase {
        case .greeting, .hello, .startTLS, .auth: beforeMail = true
        case .mailFrom, .recipient, .data, .body, .other: beforeMail = false
        }
        if reply.code < 500 {
            guard beforeMail else { return .deferred(reply: text) }
            // Before MAIL FROM a 4xx is the relay's state, not this message's: stop, lose nothing. 432 (a
            // password change is needed) waits for a person.
            return reply.code == 432 ? .fatal(reply: text) : .unavailable(reply: text)
        }
        if [530, 534, 535, 538].contains(reply.code) || beforeMail { return .fatal(reply: text) }
        let policy = status?.hasPrefix("5.7.") == true
        switch phase {
        case .greeting, .hello, .startTLS, .auth:
            return .fatal(reply: text)
        case .mailFrom:
            // A size refusal (SIZE extension) is about this message, not the sender.
            if reply.code == 552 || status == "5.3.4" { return .failed(reply: text) }
            return .fatal(reply: text)
        case .recipient:
            // RFC 5321 §4.5.3.1.10: a 552 to RCPT is to be taken as 452 (too many recipients, mailbox full for
            // now): deferred and retried, not a final failure.
            if reply.code == 552 { return .deferred(reply: text) }
            if policy { return .refused(reply: text) }
            // 5.1.7 / 5.1.8: the *sender* address is bad (Postfix checks it at RCPT): every message would fail.
            if status == "5.1.7" || status == "5.1.8" { return .fatal(reply: text) }
            if status?.hasPrefix("5.1.") == true { return .bounced(reply: text) }
            if status == nil && [550, 551, 553].contains(reply.code) { return bareRecipientRefusal(reply) }
            return .failed(reply: text)
        case .data, .body, .other:
            return policy ? .refused(reply: text) : .failed(reply: text)
        }
    }

    /// A 550/551/553 on RCPT without an enhanced status: "user unknown" (a bounce) unless the text says it is
    /// about the sender or a policy.
    private static func bareRecipientRefusal(_ reply: SMTPReply) -> DeliveryOutcome {
        let text = reply.description
        let lower = text.lowercased()
        if ["sender", "mail from"].contains(where: lower.contains) { return .fatal(reply: text) }
        if ["relay", "policy", "spam", "block", "denied", "reputation", "rbl"].contains(where: lower.contains) {
            return .refused(reply: text)
        }
        return .bounced(reply: text)
    }

    private static func outcome(ofTransportError attempt: SMTPAttempt) -> DeliveryOutcome {
        let code = CURLcode(rawValue: attempt.curlCode)
        let text = attempt.curlText
        switch code {
        case CURLE_LOGIN_DENIED:
            return .fatal(reply: "authentication failed: \(text)")
        case CURLE_USE_SSL_FAILED:
            return .fatal(reply: "TLS is required but the server did not offer STARTTLS: \(text)")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN, CURLE_BAD_FUNCTION_ARGUMENT,
             CURLE_UNKNOWN_OPTION, CURLE_FAILED_INIT, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .fatal(reply: "TLS or configuration error: \(text)")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            return .unavailable(reply: "cannot connect: \(text)")
        default:
            break
        }
        if attempt.bodyComplete {
            if code == CURLE_ABORTED_BY_CALLBACK {
                return .unknown(reply: "stopped by a second signal while waiting for the reply after the final dot")
            }
            if code == CURLE_OPERATION_TIMEDOUT {
                return .unknown(reply: "no reply after the final dot: \(text)")
            }
            return .unknown(reply: "connection lost after the whole message was handed over: \(text)")
        }
        if code == CURLE_ABORTED_BY_CALLBACK {
            return .deferred(reply: "stopped by a second signal before the whole message was sent")
        }
        switch attempt.phase {
        case .body:
            return .deferred(reply: "connection lost during the message body: \(text)")
        case .greeting, .hello, .startTLS, .auth:
            return .unavailable(reply: "the relay dropped the session before MAIL FROM (\(attempt.phase.rawValue)): \(text)")
        case .mailFrom, .recipient, .data, .other:
            return .deferred(reply: "transport error before the message was sent (\(attempt.phase.rawValue)): \(text)")
        }
    }
}
