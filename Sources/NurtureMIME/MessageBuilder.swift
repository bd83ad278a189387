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
        var headers: [String] = []
        headers.append(try mailboxField("From", field: "from", message.from))
        headers.append(try mailboxField("To", field: "to", message.to))
        if let replyTo = message.replyTo {
            headers.append(try mailboxField("Reply-To", field: "reply-to", replyTo))
        }
        headers.append(try subjectField(message.subject))
        headers.append("Date: " + (try RFC5322Date.format(message.date)))
        headers.append("Message-ID: " + (try checkedMessageID(message.messageID)))
        headers.append("MIME-Version: 1.0")
        for header in message.extraHeaders {
            headers.append(try extraField(header))
        }

        var out: [UInt8] = []
        // Room for the headers and both bodies encoded: mostly ASCII text grows by a few percent.
        out.reserveCapacity(2048 + (message.textBody.utf8.count + (message.htmlBody?.utf8.count ?? 0)) * 9 / 8)
        if let html = message.htmlBody {
            let boundary = MultipartBoundary.make(messageID: message.messageID, textBody: message.textBody, htmlBody: html)
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            appendLines(headers, to: &out)
            out += ASCII.crlf
            for (type, body) in [("text/plain", message.textBody), ("text/html", html)] {
                appendLines(["--" + boundary], to: &out)
                appendLines(partHeaders(type: type), to: &out)
                out += ASCII.crlf
                out += QuotedPrintable.encode(body)
                out += ASCII.crlf // belongs to the delimiter that follows
            }
            appendLines(["--" + boundary + "--"], to: &out)
        } else {
            appendLines(headers + partHeaders(type: "text/plain"), to: &out)
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

    private static func partHeaders(type: String) -> [String] {
        ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
    }

    private static func appendLines(_ lines: [String], to out: inout [UInt8]) {
        for line in lines {
            out += line.utf8
            out += ASCII.crlf
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
