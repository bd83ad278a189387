import Foundation

/// A delivery status notification (RFC 3464): a `multipart/report; report-type=delivery-status` message
/// whose `message/delivery-status` part has a block of per-message fields, then one block per recipient.
struct DeliveryStatusNotification {
    struct Recipient {
        /// `Original-Recipient` (the address the message was sent to), else `Final-Recipient`.
        var address: String
        var action: String
        var status: String
        var diagnostic: String?
        /// The index of the block's first line in the message.
        var line: Int
    }

    /// Why a message is not read as a report.
    enum Problem: Error {
        /// Some other message (an auto-reply, a newsletter): not an error in a bounce folder.
        case notAReport(String)
        /// A report that cannot be read, and the index of the line where it goes wrong (nil: the whole message).
        case broken(String, line: Int?)
    }

    /// The report's Message-ID, for telling one report from another.
    var messageID: String?
    /// The report's Date field, else the per-message Arrival-Date; nil when neither is readable.
    var date: Date?
    /// The Message-ID of the message that bounced, from the returned headers or message.
    var originalMessageID: String?
    var recipients: [Recipient]
    /// Recipient blocks that cannot be read: why, and the index of the block's first line.
    var problems: [(reason: String, line: Int)]

    init(_ lines: [String]) throws(Problem) {
        let message = MIMEEntity(lines[...])
        let type = message.contentType
        guard type == "multipart/report" else {
            throw .notAReport("not a delivery status notification (Content-Type \(type.debugSafe))")
        }
        let reportType = message.contentTypeParameter("report-type")?.lowercased()
        guard reportType == "delivery-status" || reportType == "global-delivery-status" else {
            throw .notAReport("a report of type '\((reportType ?? "").debugSafe)', not delivery-status")
        }
        guard let parts = message.parts() else {
            throw .broken("the multipart/report has no boundary or no parts", line: nil)
        }
        let entities = parts.flatMap { $0.all() }
        guard let status = entities.first(where: { ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType) }) else {
            throw .broken("the report has no message/delivery-status part", line: message.body.startIndex)
        }
        messageID = message.field("message-id").map(Self.messageID)
        originalMessageID = entities.lazy.compactMap(Self.returnedMessageID).first
        recipients = []
        problems = []

        let blocks = Self.blocks(status.decodedBody())
        guard !blocks.isEmpty else { throw .broken("the delivery-status part is empty", line: status.start) }
        var perMessage: MIMEEntity?
        for block in blocks {
            let entity = MIMEEntity(block)
            guard entity.field("final-recipient") != nil || entity.field("original-recipient") != nil else {
                if perMessage == nil { perMessage = entity }
                continue
            }
            do {
                recipients.append(try Self.recipient(entity))
            } catch {
                problems.append((error.text, block.startIndex))
            }
        }
        if recipients.isEmpty && problems.isEmpty {
            throw .broken("the delivery-status part names no recipient (no Final-Recipient field)", line: status.start)
        }
        date = message.field("date").flatMap(RFC5322DateParser.date) ?? perMessage?.field("arrival-date").flatMap(RFC5322DateParser.date)
    }

    private static func recipient(_ block: MIMEEntity) throws(RejectionReason) -> Recipient {
        let field = block.field("original-recipient").flatMap(address) ?? block.field("final-recipient").flatMap(address)
        guard let address = field else {
            throw RejectionReason("the recipient is not an rfc822 address: '\((block.field("final-recipient") ?? "").debugSafe)'")
        }
        guard let action = block.field("action")?.lowercased(), !action.isEmpty else {
            throw RejectionReason("recipient \(address.debugSafe) has no Action field")
        }
        guard let status = block.field("status").map(statusCode), isStatus(status) else {
            throw RejectionReason("recipient \(address.debugSafe) has no valid Status field (expected a code such as 5.1.1): '\((block.field("status") ?? "").debugSafe)'")
        }
        return Recipient(address: address, action: action, status: status, diagnostic: block.field("diagnostic-code"), line: block.start)
    }

    /// `rfc822; <ann@x.com>` → `ann@x.com`; nil for another address type or none.
    static func address(_ value: String) -> String? {
        let parts = value.split(separator: ";", maxSplits: 1)
        guard parts.count == 2, ["rfc822", "utf-8"].contains(parts[0].trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
        var text = parts[1].trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("<") && text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
        return text.isEmpty ? nil : text
    }

    /// The code of a Status field, without a trailing comment (`5.1.1 (user unknown)`).
    static func statusCode(_ value: String) -> String {
        String(value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" }).first ?? "")
    }

    /// `class.subject.detail` (RFC 3463): class 2, 4 or 5, then one to three and one to three digits.
    static func isStatus(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]) else { return false }
        return parts.dropFirst().allSatisfy { (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// `<id@host>`, with the angle brackets whether or not the field had them.
    static func messageID(_ value: String) -> String {
        let text = value.trimmingCharacters(in: .whitespaces)
        return text.hasPrefix("<") ? text : "<\(text)>"
    }

    /// The Message-ID of the message a text/rfc822-headers or message/rfc822 part returns.
    static func returnedMessageID(_ part: MIMEEntity) -> String? {
        switch part.contentType {
        case "text/rfc822-headers", "message/rfc822-headers": return MIMEEntity(part.decodedBody()).field("message-id").map(messageID)
        case "message/rfc822", "message/global": return MIMEEntity(part.body).field("message-id").map(messageID)
        default: return nil
        }
    }

    /// The groups of lines between blank lines.
    static func blocks(_ lines: ArraySlice<String>) -> [ArraySlice<String>] {
        var blocks: [ArraySlice<String>] = []
        var start: Int?
        for index in lines.indices {
            if lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                if let first = start { blocks.append(lines[first..<index]); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let first = start { blocks.append(lines[first..<lines.endIndex]) }
        return blocks
    }
}

/// Dates of mail header fields (RFC 5322 section 3.3): `Mon, 23 Nov 2026 09:00:00 +0000`, the day name
/// optional, a trailing comment such as `(UTC)` ignored.
enum RFC5322DateParser {
    static func date(_ value: String) -> Date? {
        var text = value
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]) }
        text = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm Z", "d MMM yyyy HH:mm Z"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
