/// Lists the tags of a Mustache template with their line numbers, for `problems(…)` and for clearer
/// syntax errors. swift-mustache keeps its tokens internal, so this is a deliberately small reader of
/// tag boundaries only (delimiters, sigils, set-delimiter tags); parsing and rendering stay with
/// swift-mustache, which must accept a template before its tags are ever looked at.
enum TagScanner {
    struct Failure: Error, Hashable, Sendable {
        var line: Int
        var message: String
    }

    static func scan(_ text: String) throws(Failure) -> [MustacheTag] {
        let s = Array(text.unicodeScalars)
        var open = Array("{{".unicodeScalars)
        var close = Array("}}".unicodeScalars)
        var tags: [MustacheTag] = []
        var line = 1
        var i = 0

        func matches(_ needle: [Unicode.Scalar], at index: Int) -> Bool {
            guard index + needle.count <= s.count else { return false }
            for (offset, scalar) in needle.enumerated() where s[index + offset] != scalar { return false }
            return true
        }
        func find(_ needle: [Unicode.Scalar], from index: Int) -> Int? {
            var k = index
            while k + needle.count <= s.count {
                if matches(needle, at: k) { return k }
                k += 1
            }
            return nil
        }
        func string(_ from: Int, _ to: Int) -> String {
            var out = ""
            out.unicodeScalars.append(contentsOf: s[from..<to])
            return out.trimmingASCIIWhitespace()
        }
        func newlines(_ from: Int, _ to: Int) -> Int { s[from..<to].count { $0 == "\n" } }

        while i < s.count {
            guard matches(open, at: i) else {
                if s[i] == "\n" { line += 1 }
                i += 1
                continue
            }
            let tagLine = line
            let start = i + open.count
            // Triple mustache: only with the default delimiters, closed by "}" + close.
            if open == Array("{{".unicodeScalars), start < s.count, s[start] == "{" {
                let end = close.first == "}" ? [Unicode.Scalar("}")] + close : close
                guard let k = find(end, from: start + 1) else { throw Failure(line: tagLine, message: "unclosed tag '{{{'") }
                line += newlines(start, k)
                tags.append(MustacheTag(kind: .unescaped, raw: string(start + 1, k), line: tagLine, endLine: line))
                i = k + end.count
                continue
            }
            guard let k = find(close, from: start) else {
                throw Failure(line: tagLine, message: "unclosed tag: no '\(String(String.UnicodeScalarView(close)))' after '\(String(String.UnicodeScalarView(open)))'")
            }
            line += newlines(start, k)
            i = k + close.count
            guard start < k else {
                tags.append(MustacheTag(kind: .variable, raw: "", line: tagLine, endLine: line))
                continue
            }
            let body = string(start + 1, k)
            let kind: MustacheTag.Kind
            var raw = body
            switch s[start] {
            case "#": kind = .section
            case "^": kind = .inverted
            case "/": kind = .close
            case "!": kind = .comment
            case "&": kind = .unescaped
            case "<": kind = .parent
            case "$": kind = .block
            case "%": kind = .pragma
            case ">":
                if body.hasPrefix("*") {
                    kind = .dynamicPartial
                    raw = String(body.dropFirst()).trimmingASCIIWhitespace()
                } else {
                    kind = .partial
                }
            case "=":
                kind = .delimiters
                guard body.hasSuffix("=") else { throw Failure(line: tagLine, message: "malformed delimiter change '\(body)'") }
                let parts = body.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2 else { throw Failure(line: tagLine, message: "malformed delimiter change '\(body)'") }
                open = Array(parts[0].unicodeScalars)
                close = Array(parts[1].unicodeScalars)
            default:
                kind = .variable
                raw = string(start, k)
            }
            tags.append(MustacheTag(kind: kind, raw: raw, line: tagLine, endLine: line))
        }
        return tags
    }

    /// The first section that is closed by the wrong name or never closed, as a message for a syntax
    /// error that swift-mustache reports only as "section close name incorrect" / "expected section end".
    static func sectionMismatch(in tags: [MustacheTag]) -> Failure? {
        var stack: [MustacheTag] = []
        for tag in tags {
            if tag.opensSection {
                stack.append(tag)
            } else if tag.kind == .close {
                guard let top = stack.popLast() else {
                    return Failure(line: tag.line, message: "'{{/\(tag.raw)}}' closes a section that was never opened")
                }
                if top.raw != tag.raw {
                    return Failure(
                        line: tag.line,
                        message: "'{{/\(tag.raw)}}' does not close the open section '\(top.raw)' (opened on line \(top.line))")
                }
            }
        }
        if let unclosed = stack.last {
            return Failure(line: unclosed.line, message: "unclosed section '\(unclosed.raw)'")
        }
        return nil
    }
}
