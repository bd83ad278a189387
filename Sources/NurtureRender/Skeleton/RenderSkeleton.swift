/// One part of an email (subject, text or HTML) as swift-mustache rendered it for one context shape
/// (`ContextCapture`), with placeholders for the texts: the literal output with slots between, and what
/// the render recorded. Filling the slots with another context's texts of the same shape gives what
/// swift-mustache renders for that context, byte for byte; `SkeletonCache` checks it on first use.
struct RenderSkeleton: Sendable {
    enum Piece: Sendable, Equatable {
        case literal(String)
        /// Slot `index`, HTML-escaped (`{{x}}` in an HTML part) or as it is.
        case slot(Int, escaped: Bool)
    }

    let pieces: [Piece]
    /// What the render showed (`RenderRecorder.shown`), in order: each key and its text's slot (nil: an
    /// object whose display text is empty).
    let shown: [(key: String, slot: Int?)]
    /// The keys shown without a value (`RenderRecorder.missing`).
    let missing: [String]
    private let literalBytes: Int

    /// The skeleton of `output`, rendered from a context built with `ContextCapture.Mode.placeholders`
    /// of `slotCount` texts; nil when the output holds something else that looks like a placeholder.
    init?(output: String, recorder: RenderRecorder, slotCount: Int) {
        let bytes = Array(output.utf8)
        var pieces: [Piece] = []
        var literalStart = 0
        var literalBytes = 0
        var index = 0
        func flush(upTo end: Int) {
            guard end > literalStart else { return }
            pieces.append(.literal(String(decoding: bytes[literalStart..<end], as: UTF8.self)))
            literalBytes += end - literalStart
        }
        while index < bytes.count {
            // Both private-use characters start with 0xEE 0x80; nothing else is looked at twice.
            guard bytes[index] == 0xEE else {
                index += 1
                continue
            }
            if let match = RenderPlaceholder.match(bytes, at: index) {
                guard match.slot < slotCount else { return nil }
                flush(upTo: index)
                pieces.append(.slot(match.slot, escaped: match.escaped))
                index = match.end
                literalStart = index
            } else if bytes[index...].starts(with: RenderPlaceholder.endBytes) {
                return nil
            } else {
                index += 1
            }
        }
        flush(upTo: bytes.count)

        var shown: [(key: String, slot: Int?)] = []
        for (key, value) in recorder.shown {
            if value.isEmpty {
                shown.append((key, nil))
                continue
            }
            let valueBytes = Array(value.utf8)
            guard let match = RenderPlaceholder.match(valueBytes, at: 0), match.end == valueBytes.count, !match.escaped,
                  match.slot < slotCount
            else { return nil }
            shown.append((key, match.slot))
        }
        self.pieces = pieces
        self.shown = shown
        self.missing = recorder.missing
        self.literalBytes = literalBytes
    }

    /// The part for a context of this shape whose texts are `texts`.
    func fill(_ texts: [String], escape: (String) -> String) -> String {
        var out = ""
        out.reserveCapacity(literalBytes + 64 * pieces.count)
        for piece in pieces {
            switch piece {
            case let .literal(text): out += text
            case let .slot(index, escaped): out += escaped ? escape(texts[index]) : texts[index]
            }
        }
        return out
    }

    /// `shown` with the texts of `texts`, as `RenderRecorder.shown` has it.
    func shownValues(_ texts: [String]) -> [(key: String, value: String)] {
        shown.map { ($0.key, $0.slot.map { texts[$0] } ?? "") }
    }
}
