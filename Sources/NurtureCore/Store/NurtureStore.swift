/// Persistence of contacts, events and the send ledger.
///
/// The SQLite implementation lives in `NurtureStore`; a PostgreSQL one, for several workers sharing a
/// campaign, can conform later. Every method is one transaction: it happens whole or not at all.
public protocol NurtureStore: Sendable {
    /// Upserts contacts keyed on the normalised address, in one transaction. Rejected rows are
    /// reported and skipped; a thrown error (a whole-file problem) rolls everything back.
    func importContacts<Source: RowSource>(_ rows: Source) throws -> ImportReport where Source.Record == ContactRecord

    /// Adds events, each at most once however often the same file is imported, in one transaction.
    /// `imported` counts new events, `unchanged` the ones already stored; a row for an address with
    /// no contact is rejected.
    func importEvents<Source: RowSource>(_ rows: Source) throws -> ImportReport where Source.Record == EventRecord

    func contactCount() throws -> Int

    func contact(email: EmailAddress) throws -> Contact?

    /// Calls `body` with the histories of all contacts (or only `only`) for `campaign`, in a stable
    /// order (by contact id), `batchSize` at a time, so memory stays flat however many there are.
    func forEachHistoryBatch(
        campaign: String, only: EmailAddress?, batchSize: Int,
        _ body: ([ContactHistory]) throws -> Void
    ) throws

    /// The next `limit` histories after contact id `after` (nil: from the start), in id order; empty when
    /// there are no more. With `only`, at most that contact (and only when `after` is nil).
    func historyPage(campaign: String, only: EmailAddress?, after: Int64?, limit: Int) throws -> [ContactHistory]

    /// Every custom field name any stored contact has (the extra CSV columns), for checking templates.
    func customFieldNames() throws -> Set<String>
}
