/// What CSV.swift would silently misread in a CSV file, found from the file's bytes as they are read.
///
/// CSV.swift is lenient where a silent misreading costs an import its data:
/// - a quoted field whose closing quote is followed by more text (`"pricing" page`) is read on, across
///   line breaks, to the next quote, swallowing the rows in between into one field;
/// - a carriage return without a line feed outside quotes ends the row, splitting one row into two
///   (in a file whose lines end in LF or CR LF; a file whose lines all end in a lone CR is read as such).
/// This check follows the same quoting rules (RFC 4180: `""` inside a quoted field is one quote, and
/// quoted fields may hold line breaks) and notes each such place with its line, counted as the reader
/// counts them (CR LF and a lone LF are one line break each, and so is a lone CR inside quotes or in a file
/// whose lines end in one). Valid CSV raises nothing.
struct CSVQuotingCheck {
    enum Problem: Equatable {
        /// A quoted field's closing quote is followed by text on this line.
        case textAfterClosingQuote
        /// A carriage return without a line feed, outside quotes, on this line: CSV.swift ends the row
        /// there and reads the rest of the line as another row. The line count does not move.
        case bareCarriageReturn
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var state = State.fieldStart
    private var line = 1
    private var afterCR = false
    private var crWasQuoted = false
    /// Whether lines end in a lone CR (decided by the first line break outside quotes).
    private var crLineEndings: Bool?
    /// The problems found, in line order, not yet taken.
    private(set) var problems: [(line: Int, problem: Problem)] = []
    private var taken = 0

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { scan(byte) }
    }

    @inline(__always)
    private mutating func scan(_ byte: UInt8) {
        if afterCR {
            afterCR = false
            if byte == 0x0A {                            // the LF of a CR LF: one line break, counted at the CR
                if !crWasQuoted, crLineEndings == nil { crLineEndings = false }
                return
            }
            if !crWasQuoted { noteLoneCR() }
        }
        switch byte {
        case 0x0D:
            line += 1
            afterCR = true
            crWasQuoted = state == .quoted
            if state != .quoted { state = .fieldStart }
        case 0x0A:
            line += 1
            if state != .quoted {
                if crLineEndings == nil { crLineEndings = false }
                state = .fieldStart
            }
        case UInt8(ascii: "\""):
            switch state {
            case .fieldStart: state = .quoted
            case .unquoted: break                        // a quote inside an unquoted field is kept as text
            case .quoted: state = .quoteInQuoted
            case .quoteInQuoted: state = .quoted         // "" is one quote
            }
        case UInt8(ascii: ","):
            if state != .quoted { state = .fieldStart }
        default:
            switch state {
            case .fieldStart: state = .unquoted
            case .quoteInQuoted:
                note(.textAfterClosingQuote, at: line)
                state = .quoted                          // as CSV.swift reads on
            case .unquoted, .quoted: break
            }
        }
    }

    private mutating func noteLoneCR() {
        if crLineEndings == nil { crLineEndings = true }
        guard crLineEndings == false else { return }
        line -= 1
        note(.bareCarriageReturn, at: line)
    }

    private mutating func note(_ problem: Problem, at line: Int) {
        if let last = problems.last, taken < problems.count, last.line == line { return }
        problems.append((line, problem))
    }

    /// The first problem on lines `first...last`, dropping every problem before `last + 1`: rows are taken
    /// in order, so nothing earlier is asked for again.
    mutating func take(lines first: Int, through last: Int) -> (line: Int, problem: Problem)? {
        var found: (line: Int, problem: Problem)?
        while taken < problems.count, problems[taken].line <= last {
            if found == nil, problems[taken].line >= first { found = problems[taken] }
            taken += 1
        }
        if taken == problems.count { problems.removeAll(keepingCapacity: true); taken = 0 }
        return found
    }
}
