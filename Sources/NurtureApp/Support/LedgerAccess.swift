import NurtureCore

/// Opens the store for ledger commands.
public enum LedgerAccess {
    public static func open(path: String) throws -> any NurtureStore & SendLedger {
        guard let store = try StoreOpener.open(path: path, create: false) as? any NurtureStore & SendLedger else {
            throw NurtureError("the store at \(path) has no send ledger")
        }
        return store
    }
}
