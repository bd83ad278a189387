import Foundation
import GRDB
import NurtureCore

/// The send ledger on the `message` table. Every method is one transaction; writes take SQLite's
/// write lock at once (GRDB begins them IMMEDIATE), so two runs on one file never interleave inside one.
extension SQLiteStore: SendLedger {
    public func claim(_ messages: [PlannedMessage]) throws -> [Int64?] {
        guard !messages.isEmpty else { return [] }
        return try writer.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO message (contact_id, campaign, step, content_key, content, message_id, state, attempts,
                                     created_at, updated_at, kind)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                ON CONFLICT (contact_id, campaign, step, content_key) DO NOTHING
                """)
            return try messages.map { message -> Int64? in
                let plannedAt = StoredDate.milliseconds(message.plannedAt)
                try insert.execute(arguments: [
                    message.contactID, message.campaign, message.step, message.contentKey, message.content,
                    message.messageID, plannedAt, plannedAt, message.kind?.rawValue,
                ])
                return db.changesCount > 0 ? db.lastInsertedRowID : nil
            }
        }
    }

    /// Updates to `sending` are refused (`LedgerError.invalidRequest`): the only way into `sending` is
    /// the `sending` list, which checks the state it comes from. An update or a `sending` id naming no
    /// entry throws `noSuchEntry`. Any error rolls the whole commit back.
    public func commit(_ updates: [LedgerUpdate], sending: [Int64], usage: [UsageIncrement], at: Date) throws {
        guard !updates.isEmpty || !sending.isEmpty || !usage.isEmpty else { return }
        try writer.write { db in
            let count = try db.cachedStatement(sql: """
                INSERT INTO pacing_counter (key, period, count) VALUES (?, ?, ?)
                ON CONFLICT (key, period) DO UPDATE SET count = count + excluded.count
                """)
            for increment in usage {
                try count.execute(arguments: [increment.key, increment.period, increment.count])
            }
            let update = try db.cachedStatement(sql: """
                UPDATE message SET state = ?, last_reply = ?, updated_at = ?, attempts = attempts + ?,
                                   sent_at = CASE WHEN ? THEN ? ELSE sent_at END, next_attempt_at = ?
                WHERE id = ?
                """)
            let suppress = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO suppression (email, campaign, cause, reason, at)
                SELECT contact.email, '', 'bounced', ?, ? FROM \(LedgerRow.source) WHERE message.id = ?
                """)
            for change in updates {
                guard change.state != .sending else {
                    throw LedgerError(
                        .invalidRequest, entryID: change.id,
                        message: "ledger entry \(change.id) cannot be updated to sending; list it in sending instead")
                }
                let changedAt = StoredDate.milliseconds(change.at)
                let nextAttemptAt = change.state == .deferred ? change.nextAttemptAt.map(StoredDate.milliseconds) : nil
                try update.execute(arguments: [
                    change.state.rawValue, change.reply, changedAt, change.countsAttempt ? 1 : 0,
                    change.state == .sent, changedAt, nextAttemptAt, change.id,
                ])
                guard db.changesCount > 0 else { throw LedgerError.noSuchEntry(change.id) }
                if let reason = change.suppressReason {
                    try suppress.execute(arguments: [reason, changedAt, change.id])
                }
            }

            let start = try db.cachedStatement(sql: """
                UPDATE message SET state = 'sending', updated_at = ?
                WHERE id = ? AND state IN ('pending', 'deferred')
                """)
            let startedAt = StoredDate.milliseconds(at)
            for id in sending {
                try start.execute(arguments: [startedAt, id])
                guard db.changesCount > 0 else {
                    guard let state = try LedgerRow.state(db, id: id) else { throw LedgerError.noSuchEntry(id) }
                    throw LedgerError.wrongState(id, is: state, expected: "pending or deferred")
                }
            }
        }
    }

    /// `PRAGMA quick_check`: every page and index entry, in time linear in the file's size.
    public func integrityProblem() throws -> String? {
        // SQLite's own lines may hold line breaks: one line each, for a one-line error.
        let lines = try writer.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
            .map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }
        guard lines != ["ok"] else { return nil }
        let shown = lines.prefix(3).joined(separator: "; ")
        return lines.count > 3 ? "\(shown); … (\(lines.count) problems)" : shown
    }

    public func relayUsage(senders: [String], at: Date) throws -> RelayUsage {
        try writer.read { db in
            func count(_ key: String, _ period: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count FROM pacing_counter WHERE key = ? AND period = ?", arguments: [key, period]) ?? 0
            }
            let day = RelayUsage.dayPeriod(at)
            var usage = RelayUsage(hour: try count(RelayUsage.relayKey, RelayUsage.hourPeriod(at)), day: try count(RelayUsage.relayKey, day))
            for sender in senders {
                let key = RelayUsage.senderKey(sender)
                // Day periods are `YYYY-MM-DD` (10 characters); hour periods are longer.
                let first = try String.fetchOne(db, sql: """
                    SELECT MIN(period) FROM pacing_counter WHERE key = ? AND length(period) = 10
                    """, arguments: [key])
                usage.senders[sender.lowercased()] = RelayUsage.SenderUsage(
                    today: try count(key, day), warmUpDay: RelayUsage.warmUpDay(firstDay: first, at: at))
            }
            return usage
        }
    }

    /// A `deferred` entry with no next attempt time counts as due.
    public func resumable(campaign: String, contact: EmailAddress?, now: Date, limit: Int) throws -> [LedgerEntry] {
        guard limit > 0 else { return [] }
        let path = self.path
        return try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(LedgerRow.columns) FROM \(LedgerRow.source)
                WHERE message.campaign = ?
                  AND (? IS NULL OR contact.email = ?)
                  AND (message.state = 'pending'
                       OR (message.state = 'deferred' AND COALESCE(message.next_attempt_at, 0) <= ?))
                ORDER BY message.created_at, message.id
                LIMIT ?
                """, arguments: [campaign, contact?.value, contact?.value, StoredDate.milliseconds(now), limit])
            var entries: [LedgerEntry] = []
            while let row = try rows.next() { entries.append(try LedgerRow.entry(row, path: path)) }
            return entries
        }
    }

    public func markInterrupted(campaign: String, at: Date, reply: String) throws -> Int {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE message SET state = 'unknown', last_reply = ?, updated_at = ?
                WHERE campaign = ? AND state = 'sending'
                """, arguments: [reply, StoredDate.milliseconds(at), campaign])
            return db.changesCount
        }
    }

    /// Newest change first (then highest id). The contact's address matches without regard to case.
    public func entries(_ query: LedgerQuery) throws -> [LedgerEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let campaign = query.campaign {
            conditions.append("message.campaign = ?")
            arguments += [campaign]
        }
        if let contact = query.contact {
            // contact.email is COLLATE NOCASE.
            conditions.append("contact.email = ?")
            arguments += [contact.value]
        }
        if !query.states.isEmpty {
            let states = Array(Set(query.states.map(\.rawValue))).sorted()
            conditions.append("message.state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            arguments += StatementArguments(states)
        }
        if let limit = query.limit {
            guard limit > 0 else { return [] }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit ?? -1]
        let path = self.path
        return try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(LedgerRow.columns) FROM \(LedgerRow.source) \(filter)
                ORDER BY message.updated_at DESC, message.id DESC
                LIMIT ?
                """, arguments: arguments)
            var entries: [LedgerEntry] = []
            while let row = try rows.next() { entries.append(try LedgerRow.entry(row, path: path)) }
            return entries
        }
    }

    /// `note` becomes the entry's last reply; `sent` sets `sent_at` to `at`. Attempts do not change.
    /// A person's decision: `unknown` → sent, failed or pending (send again); `pending` or `deferred` →
    /// failed (cancel); `failed` → pending (send again, after fixing what made it fail).
    public func resolve(id: Int64, as state: DeliveryState, note: String, at: Date) throws -> LedgerEntry {
        let allowed: [DeliveryState: Set<DeliveryState>] = [
            .unknown: [.sent, .failed, .pending], .pending: [.failed], .deferred: [.failed], .failed: [.pending],
        ]
        guard [.sent, .failed, .pending].contains(state) else {
            throw LedgerError(.invalidRequest, entryID: id, message: "resolve as sent, failed or pending, not \(state.rawValue)")
        }
        let path = self.path
        return try writer.write { db in
            guard let currentName = try LedgerRow.state(db, id: id) else { throw LedgerError.noSuchEntry(id) }
            guard let current = DeliveryState(rawValue: currentName), allowed[current]?.contains(state) == true else {
                let from = allowed.filter { $0.value.contains(state) }.keys.map(\.rawValue).sorted().joined(separator: " or ")
                throw LedgerError.wrongState(id, is: currentName, expected: from)
            }
            let resolvedAt = StoredDate.milliseconds(at)
            try db.execute(sql: """
                UPDATE message SET state = ?, last_reply = ?, updated_at = ?,
                                   sent_at = CASE WHEN ? THEN ? ELSE sent_at END, next_attempt_at = NULL
                WHERE id = ? AND state = ?
                """, arguments: [state.rawValue, note, resolvedAt, state == .sent, resolvedAt, id, currentName])
            guard let entry = try LedgerRow.fetchOne(db, id: id, path: path) else { throw LedgerError.noSuchEntry(id) }
            return entry
        }
    }

    /// In contact id order; ids with no contact are skipped. The values `forEachHistoryBatch` gives.
    public func histories(contactIDs: [Int64], campaign: String) throws -> [ContactHistory] {
        guard !contactIDs.isEmpty else { return [] }
        return try writer.read { db in
            try histories(db, contactIDs: contactIDs, campaign: campaign)
        }
    }
}
