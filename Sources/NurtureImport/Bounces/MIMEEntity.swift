import Foundation

/// A message or a body part, read for what a delivery report needs: its header fields (unfolded), its
/// content type, and its parts when multipart. Lines are an `ArraySlice` of the whole message, so an
/// index is a line of the message (and of the mbox) for error messages.
struct MIMEEntity {
    /// Names lower-cased, values unfolded and trimmed (a NUL replaced by U+FFFD), in order.
    let fields: [(name: String, value: String)]
    /// The lines after the blank line that ends the header.
    let body: ArraySlice<String>
    /// The index of the entity's first line.
    let start: Int

    init(_ lines: ArraySlice<String>) {
        start = lines.startIndex
        var fields: [(String, String)] = []
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { index += 1; break }
            if let first = line.first, first == " " || first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces) }
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                               line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            index += 1
        }
        // SQLite's C API ends text at a NUL: a stored value would be cut short there, so NUL becomes U+FFFD.
        self.fields = fields.map { ($0.0, $0.1.contains("\u{0}") ? $0.1.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : $0.1) }
        body = lines[index...]
    }

    func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// `type/subtype`, lower-cased; `text/plain` when there is none (RFC 2045).
    var contentType: String {
        guard let value = field("content-type") else { return "text/plain" }
        return String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A parameter of the Content-Type field (`boundary`, `report-type`), unquoted.
    func contentTypeParameter(_ name: String) -> String? {
        guard let value = field("content-type") else { return nil }
        return Self.parameters(value)[name.lowercased()]
    }

    /// The parts of a multipart entity, or nil when it has no boundary or no part.
    func parts() -> [MIMEEntity]? {
        guard contentType.hasPrefix("multipart/"), let boundary = contentTypeParameter("boundary"), !boundary.isEmpty else { return nil }
        let delimiter = "--" + boundary
        var parts: [MIMEEntity] = []
        var partStart: Int?
        for index in body.indices {
            let line = body[index]
            guard line.hasPrefix(delimiter) else { continue }
            let rest = line.dropFirst(delimiter.count)
            let closing = rest.hasPrefix("--")
            guard closing || rest.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            if let partStart { parts.append(MIMEEntity(body[partStart..<index])) }
            if closing { partStart = nil; break }
            partStart = index + 1
        }
        if let partStart { parts.append(MIMEEntity(body[partStart...])) }
        return parts.isEmpty ? nil : parts
    }

    /// The body's lines, decoded when the part is base64 (a report's status part sometimes is).
    func decodedBody() -> ArraySlice<String> {
        guard field("content-transfer-encoding")?.lowercased() == "base64" else { return body }
        guard let data = Data(base64Encoded: body.joined(), options: .ignoreUnknownCharacters) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return ArraySlice(lines.map(String.init))
    }

    /// Every entity in this one, depth first, itself included (a message/rfc822 part's message too).
    func all() -> [MIMEEntity] {
        if let parts = parts() { return [self] + parts.flatMap { $0.all() } }
        return [self]
    }

    /// `a=b; c="d e"` after the type: names lower-cased, quotes and backslash escapes removed.
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var name = ""
        var text = ""
        var inName = false
        var quoted = false
        var escaped = false
        var seenType = false
        func finish() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if !key.isEmpty, result[key] == nil { result[key] = quoted ? text : text.trimmingCharacters(in: .whitespaces) }
            name = ""; text = ""; inName = true
        }
        for character in value {
            if !seenType {
                if character == ";" { seenType = true; inName = true }
                continue
            }
            if escaped { text.append(character); escaped = false; continue }
            if quoted {
                if character == "\\" { escaped = true } else if character == "\"" { quoted = false } else { text.append(character) }
                continue
            }
            switch character {
            case ";": finish(); quoted = false
            case "=" where inName: inName = false
            case "\"" where !inName: quoted = true
            default: if inName { name.append(character) } else { text.append(character) }
            }
        }
        finish()
        return result
    }
}
