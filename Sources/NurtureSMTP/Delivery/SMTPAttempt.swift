/// Everything known about one finished transaction, in plain values, for `DeliveryClassifier`.
struct SMTPAttempt: Sendable {
    /// The raw `CURLcode` of `curl_easy_perform`.
    var curlCode: UInt32
    /// `curl_easy_strerror` text and the error buffer's detail.
    var curlText: String
    var phase: SMTPPhase
    /// The server's last complete reply in this transaction, if any.
    var lastReply: SMTPReply?
    /// The first 4xx/5xx reply and the phase it answered, if any.
    var refusal: SMTPReply?
    var refusalPhase: SMTPPhase?
    /// `CURLINFO_RESPONSE_CODE` (0 when none).
    var responseCode: Int
    /// The read callback handed libcurl the whole body (it returned 0 at the end).
    var bodyComplete: Bool
}
