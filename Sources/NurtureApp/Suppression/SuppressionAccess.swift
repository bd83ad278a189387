import NurtureCore

/// Opens the store for the suppression and bounce commands.
public enum SuppressionAccess {
    /// - Parameter create: a missing store is made (a list imported before any contact); else it is an
    ///   error, so that a mistyped --db never takes an unsubscribe into a new, empty store.
    public static func open(path: String, forWriting: Bool, create: Bool = false) throws -> any SuppressionList & BounceLog {
        let opened = forWriting ? try StoreOpener.open(path: path, create: create) : try StoreOpener.openForReading(path: path)
        guard let store = opened as? any SuppressionList & BounceLog else {
            throw NurtureError("the store at \(path) has no suppression list")
        }
        return store
    }
}
