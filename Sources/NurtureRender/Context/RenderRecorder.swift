/// Collects, while one part renders, the keys it showed without a value and the values it showed.
/// One recorder per render call; it never leaves the call, so it needs no lock.
final class RenderRecorder {
    private(set) var missing: [String] = []
    private(set) var shown: [(key: String, value: String)] = []
    /// Set while a skeleton is rendered (`ContextCapture.Mode.placeholders`): the texts are placeholders.
    var rendersPlaceholders = false
    /// Whether a transform (`{{uppercased(company)}}`) was applied to a placeholder: what it wrote
    /// depends on the text, so that skeleton cannot be filled in.
    private(set) var transformedPlaceholder = false

    func recordTransform() {
        if rendersPlaceholders { transformedPlaceholder = true }
    }

    func recordMissing(_ key: String) {
        if !missing.contains(key) { missing.append(key) }
    }

    func recordShown(_ key: String, _ value: String) { shown.append((key, value)) }

    func reset() {
        missing.removeAll()
        shown.removeAll()
    }
}
