/// What a render context is, as far as swift-mustache can tell it apart, and the texts it can show.
///
/// swift-mustache decides what to write from the context's shape alone: which values are present (a
/// section or guard asks `isNull`), how long each list is, which objects exist, which custom columns
/// the contact has, whether an object's display text is empty. The texts only pass through to the
/// output. So two contexts of the same shape render the same skeleton, with their texts in the same
/// slots, and `RenderSkeleton` fills one in for the cost of copying (see `SkeletonCache`).
///
/// While `RenderInput.context` builds a context, every text goes through `text(_:)`, every list and
/// object through `begin…`/`end`: the capture writes the shape as bytes (a prefix code, so different
/// shapes never give the same bytes) and keeps the present texts in the order they were built. With
/// `placeholders` it hands back, for every present text, a placeholder naming its slot instead.
final class ContextCapture {
    enum Mode {
        /// Only the shape and the texts: no context is built (what filling a skeleton in needs).
        case shape
        /// The context is built with its texts.
        case texts
        /// The context is built with placeholders (`RenderPlaceholder`) in place of its texts.
        case placeholders
    }

    private enum Mark: UInt8 {
        case absent = 0, present, objectBegin, objectEnd, listBegin, name, emptyDisplay, display
    }

    let mode: Mode
    private(set) var shape: [UInt8] = []
    /// The present texts, in the order the context was built: slot `i` is `texts[i]`.
    private(set) var texts: [String] = []
    /// Whether a present text has a line break. swift-mustache indents a partial's lines by looking at
    /// whether the output so far ends with one, so such texts are rendered by swift-mustache itself.
    private(set) var hasLineBreak = false

    init(_ mode: Mode) {
        self.mode = mode
        shape.reserveCapacity(64)
        texts.reserveCapacity(32)
    }

    /// A value's text: nil, empty and whitespace-only ones are missing (`ContextValue.isPresent`).
    func text(_ text: String?) -> String? {
        guard let text, ContextValue.isPresent(text) else {
            shape.append(Mark.absent.rawValue)
            return text
        }
        shape.append(Mark.present.rawValue)
        return slot(text)
    }

    /// An object's display text (`{{item}}`), shown as it is, even empty.
    func display(_ text: String) -> String {
        guard !text.isEmpty else {
            shape.append(Mark.emptyDisplay.rawValue)
            return text
        }
        shape.append(Mark.display.rawValue)
        return slot(text)
    }

    func beginObject() { shape.append(Mark.objectBegin.rawValue) }
    func endObject() { shape.append(Mark.objectEnd.rawValue) }

    func beginList(count: Int) {
        shape.append(Mark.listBegin.rawValue)
        var rest = count
        repeat {
            shape.append(UInt8(rest & 0x7f) | (rest > 0x7f ? 0x80 : 0))
            rest >>= 7
        } while rest > 0
    }

    /// A field whose name is not fixed by the code that builds the context: a custom column's.
    func name(_ name: String) {
        shape.append(Mark.name.rawValue)
        shape.append(contentsOf: name.utf8)
        shape.append(0)
    }

    private func slot(_ text: String) -> String {
        if !hasLineBreak, text.containsCROrLF { hasLineBreak = true }
        texts.append(text)
        switch mode {
        case .shape, .texts: return text
        case .placeholders: return RenderPlaceholder.text(slot: texts.count - 1)
        }
    }
}
