import NurtureMIME
import Testing

/// Checks every built message must pass, and small decoders to read the output back.
enum WireFormat {
    /// Problems with `bytes` as an RFC 5322 message on the wire: a bare CR or LF, a line over
    /// 998 octets, no final CRLF, non-ASCII headers.
    static func problems(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        var lineLength = 0
        var lineNumber = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    if lineLength > 998 { problems.append("line \(lineNumber) is \(lineLength) octets") }
                    lineLength = 0
                    lineNumber += 1
                    index += 2
                    continue
                }
                problems.append("bare CR on line \(lineNumber)")
            } else if byte == 0x0A {
                problems.append("bare LF on line \(lineNumber)")
            }
            lineLength += 1
            index += 1
        }
        if lineLength > 0 { problems.append("message does not end in CRLF") }
        let head = headerSection(bytes)
        if head.contains(where: { $0 > 0x7E }) { problems.append("headers are not ASCII") }
        return problems
    }

    /// Builds `message` and records an issue for every wire-format problem of the output.
    static func build(_ message: MailMessage, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let bytes = try MessageBuilder.build(message)
        #expect(problems(bytes) == [], sourceLocation: sourceLocation)
        return bytes
    }

    static func headerSection(_ bytes: [UInt8]) -> [UInt8] {
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        guard bytes.count >= 4 else { return bytes }
        for index in 0...(bytes.count - 4) where Array(bytes[index..<index + 4]) == separator {
            return Array(bytes[..<index])
        }
        return bytes
    }

    /// The header section, unfolded, as (name, value) pairs in order.
    static func headers(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        let text = String(decoding: headerSection(bytes), as: UTF8.self)
        var fields: [(name: String, value: String)] = []
        for line in text.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                let value = line[line.index(after: colon)...]
                fields.append((String(line[..<colon]), String(value.hasPrefix(" ") ? value.dropFirst() : value)))
            }
        }
        return fields
    }

    /// The physical lines of `bytes` split at CRLF (the last, empty piece after a final CRLF dropped).
    static func lines(_ bytes: [UInt8]) -> [String] {
        var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
