import CCurl
import NurtureCore

/// The state libcurl's callbacks see during one transaction: the body being read and the transcript.
/// Reached from C through an unretained pointer that is only set while `curl_easy_perform` runs.
final class SMTPExchange {
    let body: [UInt8]
    private(set) var offset = 0
    /// The read callback returned 0: libcurl has had every byte of the body.
    private(set) var bodyComplete = false
    /// The message's gate stayed shut: the read callback aborted the transfer before the end of the data.
    private(set) var gateRefused = false
    let transcript: SMTPTranscript
    let abort: SMTPAbortSwitch
    let gate: (any DeliveryGate)?

    init(body: [UInt8], redaction: SMTPReplyRedaction, abort: SMTPAbortSwitch, gate: (any DeliveryGate)? = nil) {
        self.body = body
        self.abort = abort
        self.gate = gate
        transcript = SMTPTranscript(redaction: redaction)
    }

    /// The body, then 0 for its end. libcurl sends the end of the data (the final dot) only after that 0, so
    /// the gate is waited for right before it: the envelope and the body have gone out meanwhile.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, body.count - offset)
        guard count > 0 else {
            if !bodyComplete, let gate, !gate.waitUntilOpen() {
                gateRefused = true
                return Int(CURL_READFUNC_ABORT)
            }
            bodyComplete = true
            return 0
        }
        body.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> SMTPExchange? {
        guard let pointer else { return nil }
        return Unmanaged<SMTPExchange>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// CURLOPT_READFUNCTION: the message body, as is (no CRLF conversion: CURLOPT_CRLF stays off).
let smtpReadCallback: curl_read_callback = { buffer, size, count, userData in
    guard let buffer, let exchange = SMTPExchange.from(userData) else { return 0 }
    return exchange.read(into: buffer, capacity: size * count)
}

/// CURLOPT_WRITEFUNCTION: SMTP sends nothing back for an upload; swallow anything so stdout stays clean.
let smtpWriteCallback: curl_write_callback = { _, size, count, _ in
    size * count
}

/// CURLOPT_XFERINFOFUNCTION: a non-zero return ends the transfer (CURLE_ABORTED_BY_CALLBACK) once the
/// abort switch is pulled.
let smtpProgressCallback: curl_xferinfo_callback = { userData, _, _, _, _ in
    guard let exchange = SMTPExchange.from(userData) else { return 0 }
    return exchange.abort.isPulled ? 1 : 0
}

/// CURLOPT_DEBUGFUNCTION: header lines in and out feed the transcript; body data and libcurl's own
/// text are ignored (nothing is logged).
let smtpDebugCallback: curl_debug_callback = { _, type, data, size, userData in
    guard let data, size > 0, let exchange = SMTPExchange.from(userData) else { return 0 }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size)
    switch type {
    case CURLINFO_HEADER_IN: exchange.transcript.serverSent(bytes)
    case CURLINFO_HEADER_OUT: exchange.transcript.clientSent(bytes)
    default: break
    }
    return 0
}
