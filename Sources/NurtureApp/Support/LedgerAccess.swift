import NurtureCore

/// Opens the store for ledger commands.
public enum LedgerAccess {
    public static func open(path: String, forWriting: Bool) throws -> any NurtureStore & SendLedger {
        let opened = forWriting ? try StoreOpener.open(path: path, create: false) : try StoreOpener.openForReading(path: path)
        guard let store = opened as? any NurtureStore & SendLedger else {
            throw NurtureError("the store at \(path) has no send ledger")
        }
        return store
    }
}
