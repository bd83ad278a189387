/// One part of an email as rendered: its text, and what the render recorded (`RenderRecorder`).
struct RenderedPart: Equatable {
    var text: String
    var shown: [(key: String, value: String)]
    var missing: [String]

    init(text: String, shown: [(key: String, value: String)], missing: [String]) {
        self.text = text
        self.shown = shown
        self.missing = missing
    }

    /// `skeleton` filled in with `texts`.
    init(_ skeleton: RenderSkeleton, texts: [String]) {
        self.init(
            text: skeleton.fill(texts, escape: HTMLEscapedContentType.escape),
            shown: skeleton.shownValues(texts), missing: skeleton.missing)
    }

    /// Byte for byte (String's `==` would take "é" and "e\u{301}" as equal).
    static func == (lhs: RenderedPart, rhs: RenderedPart) -> Bool {
        func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
        return same(lhs.text, rhs.text)
            && lhs.missing.count == rhs.missing.count && zip(lhs.missing, rhs.missing).allSatisfy(same)
            && lhs.shown.count == rhs.shown.count
            && zip(lhs.shown, rhs.shown).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
    }
}
