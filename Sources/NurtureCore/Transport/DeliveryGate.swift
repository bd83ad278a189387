/// What lets a transport complete a message: the sender's ledger has recorded, durably, that the message is
/// going out. A transport sends the envelope and the body while the ledger commits, and waits here only before
/// the end of the data (SMTP's final dot), after which the server may have the message: the ledger write
/// overlaps the round trips instead of preceding them, and a crash still never leaves a delivered message
/// that the ledger does not know may have gone.
public protocol DeliveryGate: Sendable {
    /// The transport starts the message's transaction now (before its first command): the ledger records it as
    /// going out from here, so a message handed over and never started is never recorded so.
    func transactionStarts()
    /// Blocks the calling thread until the message may be completed: true. False when it must not be (the
    /// ledger could not record it): the transport then abandons the transaction before its end.
    func waitUntilOpen() -> Bool
}

extension DeliveryGate {
    public func transactionStarts() {}
}
