/// A template's text cut into pieces at line starts outside every section, so that each piece is parsed
/// on its own and rendering them one after the other gives the same output as the whole.
///
/// swift-mustache's parser measures the rest of the text (`String.distance`, linear) at every delimiter
/// it checks, so parsing one text takes time proportional to its tags times its length: 157 s for
/// 40,000 tags. Pieces of a few KiB make that linear in the length. A cut is only made where nothing
/// can cross it: at the start of a line, with no section, inverted section, parent or block open and no
/// tag spanning the line break; and not at all in a template that changes delimiters or sets a pragma
/// (both change how the rest of the text is read). Standalone-tag rules look at one line only, so they
/// are unchanged.
enum TemplateSegments {
    /// Bytes a piece grows to before the next possible cut is taken.
    static let targetBytes = 4 * 1024

    /// The pieces of `text` with the 1-based line each starts on; the whole text as one piece when it
    /// cannot be cut.
    static func split(_ text: String, tags: [MustacheTag]) -> [(text: Substring, line: Int)] {
        guard text.utf8.count > targetBytes,
              !tags.contains(where: { $0.kind == .delimiters || $0.kind == .pragma || $0.endLine == 0 }) else {
            return [(text[...], 1)]
        }
        // The lines before which a cut is possible: every tag on earlier lines ended on an earlier line,
        // and none left a section open.
        var cuttable: Set<Int> = []
        var depth = 0
        var index = 0
        var line = 1
        let lastLine = (tags.last?.endLine ?? 1) + 1
        var lastEnd = 0
        while line <= lastLine {
            // Tags starting before `line`.
            while index < tags.count, tags[index].line < line {
                let tag = tags[index]
                if tag.opensSection { depth += 1 } else if tag.kind == .close { depth -= 1 }
                lastEnd = max(lastEnd, tag.endLine)
                index += 1
            }
            if depth == 0, lastEnd < line, line > 1 { cuttable.insert(line) }
            line += 1
        }
        let balanced = depth == 0

        var pieces: [(text: Substring, line: Int)] = []
        var pieceStart = text.utf8.startIndex
        var pieceLine = 1
        var bytes = 0
        line = 1
        var position = text.utf8.startIndex
        let utf8 = text.utf8
        while position < utf8.endIndex {
            let byte = utf8[position]
            position = utf8.index(after: position)
            bytes += 1
            guard byte == UInt8(ascii: "\n") else { continue }
            line += 1
            // After the last tag every line start is cuttable.
            if bytes >= targetBytes, cuttable.contains(line) || (balanced && line > lastLine), position < utf8.endIndex {
                pieces.append((text[pieceStart..<position], pieceLine))
                pieceStart = position
                pieceLine = line
                bytes = 0
            }
        }
        pieces.append((text[pieceStart..<utf8.endIndex], pieceLine))
        return pieces
    }
}
