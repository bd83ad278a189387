/// The SMTP command a reply answers, as far as the transcript has seen.
enum SMTPPhase: String, Sendable {
    case greeting     // connected, waiting for 220
    case hello        // EHLO / HELO
    case startTLS
    case auth
    case mailFrom
    case recipient
    case data         // the DATA command itself
    case body         // after 354: sending the body, then waiting for the reply to the final dot
    case other        // RSET, NOOP, QUIT, VRFY…
}
