import Foundation

/// The send ledger: what makes "nothing lost, nothing sent twice" hold across crashes, restarts and
/// overlapping runs. Every method is one durable transaction.
///
/// A run claims entries (`pending`) before rendering goes out, marks them `sending` durably before any
/// byte reaches the server, and records each outcome. After a crash, `sending` entries become `unknown`
/// (they may have been delivered; a person decides), and `pending` ones are sent by the next run.
public protocol SendLedger: Sendable {
    /// Inserts a `pending` entry for each message whose (contact, campaign, step, content key) is not in
    /// the ledger yet. Returns, in order, the new entry's id, or nil where the key was already taken
    /// (another run, or an earlier one, has it): such a message must not be sent.
    func claim(_ messages: [PlannedMessage]) throws -> [Int64?]

    /// In one transaction: applies `updates` (outcomes of finished attempts), then marks `sending` as
    /// `sending` (an attempt is about to start). Only entries in `pending` or `deferred` may move to `sending`;
    /// throws if any cannot.
    func commit(_ updates: [LedgerUpdate], sending: [Int64], at: Date) throws

    /// `commit(_:sending:at:)`, and in the same transaction adds `usage` to the relay's pacing counters
    /// (the messages marked `sending` are the ones handed to the relay).
    func commit(_ updates: [LedgerUpdate], sending: [Int64], usage: [UsageIncrement], at: Date) throws

    /// What the relay and these sending domains took in the current UTC hour and day, and each domain's
    /// warm-up day: the counters `commit` keeps.
    func relayUsage(senders: [String], at: Date) throws -> RelayUsage

    /// Entries of `campaign` (to `contact` only, when given) to (re)send at `now`: every `pending` one and the
    /// `deferred` ones whose next attempt is due, oldest first, at most `limit`.
    func resumable(campaign: String, contact: EmailAddress?, now: Date, limit: Int) throws -> [LedgerEntry]

    /// Turns every `sending` entry of `campaign` into `unknown` with `reply`: a run stopped while they were
    /// in flight. Call only while holding the run lock. Returns how many there were.
    func markInterrupted(campaign: String, at: Date, reply: String) throws -> Int

    func entries(_ query: LedgerQuery) throws -> [LedgerEntry]

    /// A person's decision about an entry: an `unknown` one arrived (`sent`), did not and must not be sent
    /// (`failed`), or must be sent again (`pending`); a `pending` or `deferred` one is cancelled (`failed`); a
    /// `failed` one is sent again (`pending`). Throws for any other change, or if the entry does not exist.
    func resolve(id: Int64, as state: DeliveryState, note: String, at: Date) throws -> LedgerEntry

    /// The histories of these contacts for `campaign`, for re-building a message being resumed.
    func histories(contactIDs: [Int64], campaign: String) throws -> [ContactHistory]

    /// Why the store cannot be trusted (a damaged page or index, as a quick integrity check finds), or nil
    /// when it is sound. A run checks before it claims anything.
    func integrityProblem() throws -> String?

    /// Takes the store's run lock, or throws `RunLockError` naming who holds it. The lock is released
    /// by `release()` or when the process dies (kill -9 included).
    func lockRun() throws -> any RunLock
}

extension SendLedger {
    public func commit(_ updates: [LedgerUpdate], sending: [Int64], at: Date) throws {
        try commit(updates, sending: sending, usage: [], at: at)
    }
}

public protocol RunLock: Sendable {
    func release()
}

/// Another run holds the store's run lock.
public struct RunLockError: Error, Hashable, Sendable, CustomStringConvertible {
    public var holder: String
    public init(holder: String) { self.holder = holder }
    public var description: String {
        "another nurture run is using this store (\(holder)); wait for it to finish, or run the campaigns together in one run (repeat --campaign, or name none for every campaigns/*.yaml) so that they share one pacing budget"
    }
}
