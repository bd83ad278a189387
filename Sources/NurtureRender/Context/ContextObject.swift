import Mustache

/// An object in the render context: the root, `item`, `trigger`, `sender` … Known fields answer with
/// their value (missing ones with an empty `ContextValue`, so guards work and errors name them). An
/// unknown name answers nil so that lookups inside `{{#item}}` climb to the root; the root itself
/// answers every unknown name with a missing value (a CSV column this contact lacks is missing, not "").
///
/// One reference to its fields, so that it fits in an `Any` inline (see `ContextValue`).
struct ContextObject: MustacheParent, MustacheCustomRenderable {
    private final class Storage {
        let key: String
        let fields: [String: Any]
        let isRoot: Bool
        let display: String
        let recorder: RenderRecorder

        init(key: String, fields: [String: Any], isRoot: Bool, display: String, recorder: RenderRecorder) {
            self.key = key
            self.fields = fields
            self.isRoot = isRoot
            self.display = display
            self.recorder = recorder
        }
    }

    private let storage: Storage

    var key: String { storage.key }
    private var fields: [String: Any] { storage.fields }
    private var isRoot: Bool { storage.isRoot }
    private var display: String { storage.display }
    private var recorder: RenderRecorder { storage.recorder }

    init(key: String, fields: [String: Any], display: String, isRoot: Bool = false, recorder: RenderRecorder) {
        storage = Storage(key: key, fields: fields, isRoot: isRoot, display: display, recorder: recorder)
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
