import Mustache

/// An object in the render context: the root, `item`, `trigger`, `sender` … Known fields answer with
/// their value (missing ones with an empty `ContextValue`, so guards work and errors name them). An
/// unknown name answers nil so that lookups inside `{{#item}}` climb to the root; the root itself
/// answers every unknown name with a missing value (a CSV column this contact lacks is missing, not "").
struct ContextObject: MustacheParent, MustacheCustomRenderable {
    let key: String
    private let fields: [String: Any]
    private let isRoot: Bool
    private let display: String
    private let recorder: RenderRecorder

    init(key: String, fields: [String: Any], display: String, isRoot: Bool = false, recorder: RenderRecorder) {
        self.key = key
        self.fields = fields
        self.display = display
        self.isRoot = isRoot
        self.recorder = recorder
    }

    func child(named name: String) -> Any? {
        if let value = fields[name] { return value }
        return isRoot ? ContextValue(key: name, text: nil, recorder: recorder) : nil
    }

    /// `{{item}}` alone shows the item's title, `{{sender}}` the sender's name.
    var renderText: String {
        recorder.recordShown(key, display)
        return display
    }

    var isNull: Bool { false }
}
