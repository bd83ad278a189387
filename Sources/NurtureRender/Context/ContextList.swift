import Mustache

/// A list in the render context (`interests`, `item.topics`). A section iterates it; shown as a
/// variable it reads "a, b, c"; shown empty without a guard it is missing.
struct ContextList: MustacheSequence, MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    let key: String
    let elements: [ContextValue]
    private let recorder: RenderRecorder

    init(key: String, values: [String], recorder: RenderRecorder) {
        self.key = key
        self.elements = values.map { ContextValue(key: key, text: $0, recorder: recorder) }
        self.recorder = recorder
    }

    func makeIterator() -> IndexingIterator<[ContextValue]> { elements.makeIterator() }

    var renderText: String { elements.isEmpty ? missing() : elements.map(\.renderText).joined(separator: ", ") }
    var isNull: Bool { elements.isEmpty }
    func child(named name: String) -> Any? { nil }

    func transform(_ name: String) -> Any? {
        switch name {
        case "empty": return elements.isEmpty
        case "count": return elements.count
        case "first": return elements.first ?? ContextValue(key: key, text: nil, recorder: recorder)
        case "last": return elements.last ?? ContextValue(key: key, text: nil, recorder: recorder)
        default: return nil
        }
    }

    private func missing() -> String {
        recorder.recordMissing(key)
        return ""
    }
}
