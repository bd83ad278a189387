/// Builds an RFC 5322 / MIME message from a `MailMessage`.
///
/// Headers, in order: From, To, Reply-To (when set), Subject, Date (UTC, `+0000`), Message-ID,
/// MIME-Version, the extra headers in order, then Content-Type (and Content-Transfer-Encoding).
/// The body is a single `text/plain` part, or `multipart/alternative` with `text/plain` then
/// `text/html` when there is an HTML body; both `charset=utf-8`, quoted-printable.
///
/// The output uses CRLF only, every line is at most 998 octets, headers are ASCII, and the same
/// message always gives the same bytes (the multipart boundary is a hash of the content).
/// Header text that could break a line or smuggle in a header is refused with a `MessageError`.
public enum MessageBuilder {
    /// The headers the builder writes itself; extra headers may not use these names (nor `Content-*`).
    public static let reservedHeaderNames: Set<String> = [
        "from", "to", "reply-to", "subject", "date", "message-id", "mime-version",
    ]

    public static func build(_ message: MailMessage) throws(MessageError) -> [UInt8] {
        var out: [UInt8] = []
        // Room for the headers and both bodies encoded: mostly ASCII text grows by a few percent.
        out.reserveCapacity(2048 + (message.textBody.utf8.count + (message.htmlBody?.utf8.count ?? 0)) * 9 / 8)
        appendLine(try mailboxField("From", field: "from", message.from), to: &out)
        appendLine(try mailboxField("To", field: "to", message.to), to: &out)
        if let replyTo = message.replyTo {
            appendLine(try mailboxField("Reply-To", field: "reply-to", replyTo), to: &out)
        }
        appendLine(try subjectField(message.subject), to: &out)
        appendLine(try RFC5322Date.format(message.date), named: "Date", to: &out)
        appendLine(try checkedMessageID(message.messageID), named: "Message-ID", to: &out)
        appendLine("MIME-Version: 1.0", to: &out)
        for header in message.extraHeaders {
            appendLine(try extraField(header), to: &out)
        }

        if let html = message.htmlBody {
            let boundary = MultipartBoundary.make(messageID: message.messageID, textBody: message.textBody, htmlBody: html)
            appendLine("Content-Type: multipart/alternative; boundary=\"\(boundary)\"", to: &out)
            out += ASCII.crlf
            for (headers, body) in [(plainPartHeaders, message.textBody), (htmlPartHeaders, html)] {
                appendLine("--" + boundary, to: &out)
                out += headers
                out += ASCII.crlf
                out += QuotedPrintable.encode(body)
                out += ASCII.crlf // belongs to the delimiter that follows
            }
            appendLine("--" + boundary + "--", to: &out)
        } else {
            out += plainPartHeaders
            out += ASCII.crlf
            let body = QuotedPrintable.encode(message.textBody)
            out += body
            if !body.isEmpty, !body.ends(with: ASCII.crlf) {
                // A soft break ends the last line with CRLF without adding a line break to the text.
                out += [ASCII.equals] + ASCII.crlf
            }
        }
        return out
    }

    /// The header lines of a `text/plain` part and of a `text/html` part, each line ending in CRLF.
    private static let plainPartHeaders = partHeaders(type: "text/plain")
    private static let htmlPartHeaders = partHeaders(type: "text/html")

    private static func partHeaders(type: String) -> [UInt8] {
        Array("Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n".utf8)
    }

    /// Appends `line` and CRLF.
    private static func appendLine(_ line: String, to out: inout [UInt8]) {
        out += line.utf8
        out += ASCII.crlf
    }

    /// Appends the header line `name: value` and CRLF.
    private static func appendLine(_ value: String, named name: StaticString, to out: inout [UInt8]) {
        out += UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        out += ": ".utf8
        appendLine(value, to: &out)
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
