import Mustache
import NurtureCore

/// A scalar in the render context (a contact field, `item.title` …), or the stand-in for a key with no
/// value. swift-mustache asks it for `renderText` only when a `{{key}}` tag shows it; sections and
/// inverted sections ask `isNull` instead. So reading `renderText` of an empty value is exactly "shown
/// without a guard": the recorder notes it and the render fails with `missingVariable`.
///
/// Its fields live in one shared object, so the value is a single reference: swift-mustache casts every
/// value it looks at several times, and a value that fits in an `Any` inline is copied by a retain where
/// a larger one is copied into a new heap box.
struct ContextValue: MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    private final class Storage {
        let key: String
        let text: String?
        let recorder: RenderRecorder

        init(key: String, text: String?, recorder: RenderRecorder) {
            self.key = key
            self.text = text
            self.recorder = recorder
        }
    }

    private let storage: Storage

    /// Full dotted key, for errors: `first_name`, `item.summary`.
    var key: String { storage.key }
    var text: String? { storage.text }
    private var recorder: RenderRecorder { storage.recorder }

    init(key: String, text: String?, recorder: RenderRecorder) {
        storage = Storage(key: key, text: text, recorder: recorder)
    }

    /// Nil, empty and whitespace-only values count as missing: "Hi ," never goes out.
    var isPresent: Bool { Self.isPresent(text) }

    /// The rule, for a text not yet in a value (`ContextCapture` records presence by it).
    static func isPresent(_ text: String?) -> Bool { text.map { !$0.isASCIIWhitespaceOnly } ?? false }

    var renderText: String {
        guard isPresent, let text else {
            recorder.recordMissing(key)
            return ""
        }
        recorder.recordShown(key, text)
        return text
    }

    var isNull: Bool { !isPresent }

    /// A present value has no children: returning nil lets lookups inside `{{#first_name}}` climb to the
    /// enclosing objects. A missing one answers `item.title` for `item` so the error names the full key.
    func child(named name: String) -> Any? {
        isPresent ? nil : ContextValue(key: "\(key).\(name)", text: nil, recorder: recorder)
    }

    /// String transforms (`{{capitalized(company)}}`) keep recording; on a missing value they stay missing.
    func transform(_ name: String) -> Any? {
        if name == "empty" { return !isPresent }
        guard isPresent, let text else { return self }
        recorder.recordTransform()
        switch text.transform(name) {
        case let string as String: return ContextValue(key: key, text: string, recorder: recorder)
        case let substring as Substring: return ContextValue(key: key, text: String(substring), recorder: recorder)
        case let other: return other
        }
    }
}
