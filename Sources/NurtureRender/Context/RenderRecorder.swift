/// Collects, while one part renders, the keys it showed without a value and the values it showed.
/// One recorder per render call; it never leaves the call, so it needs no lock.
final class RenderRecorder {
    private(set) var missing: [String] = []
    private(set) var shown: [(key: String, value: String)] = []

    func recordMissing(_ key: String) {
        if !missing.contains(key) { missing.append(key) }
    }

    func recordShown(_ key: String, _ value: String) { shown.append((key, value)) }

    func reset() {
        missing.removeAll()
        shown.removeAll()
    }
}
