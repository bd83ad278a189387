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
        if reply.code < 500 { return .deferred(reply: text) }
        let status = reply.enhancedStatus
        if [530, 534, 535, 538].contains(reply.code) || status?.hasPrefix("5.7.") == true {
            return .fatal(reply: text)
        }
        switch phase {
        case .greeting, .hello, .startTLS, .auth:
            return .fatal(reply: text)
        case .mailFrom:
            // A size refusal (SIZE extension) is about this message, not the sender.
            if reply.code == 552 || status == "5.3.4" { return .failed(reply: text) }
            return .fatal(reply: text)
        case .recipient:
            if status?.hasPrefix("5.1.") == true { return .bounced(reply: text) }
            return .failed(reply: text)
        case .data, .body, .other:
            return .failed(reply: text)
        }
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
            return .deferred(reply: "cannot connect: \(text)")
        default:
            break
        }
        if attempt.bodyComplete {
            if code == CURLE_OPERATION_TIMEDOUT {
                return .unknown(reply: "no reply after the final dot: \(text)")
            }
            return .unknown(reply: "connection lost after the whole message was handed over: \(text)")
        }
        if attempt.phase == .body {
            return .deferred(reply: "connection lost during the message body: \(text)")
        }
        return .deferred(reply: "transport error before the message was sent (\(attempt.phase.rawValue)): \(text)")
    }
}
