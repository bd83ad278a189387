import Foundation
import NurtureCore
@testable import NurtureStore
import NurtureTestSupport

/// Three contacts (ann, bob, cy @example.com) and builders for ledger tests.
struct LedgerFixture {
    static let t0 = TestTime.at("2026-03-01T12:00:00Z")

    let store: SQLiteStore
    let ann: Int64
    let bob: Int64
    let cy: Int64

    init(_ store: SQLiteStore) throws {
        self.store = store
        _ = try store.importContacts(contactRows(["ann", "bob", "cy"].map { ContactRecord(email: email("\($0)@example.com")) }))
        func id(_ name: String) throws -> Int64 {
            guard let id = try store.contact(email: email("\(name)@example.com"))?.id else { throw MissingContact() }
            return id
        }
        ann = try id("ann")
        bob = try id("bob")
        cy = try id("cy")
    }

    struct MissingContact: Error {}

    static func at(minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static func planned(
        _ contactID: Int64, campaign: String = "welcome", step: String = "thank_you", key: String = "",
        minutes: Double = 0
    ) -> PlannedMessage {
        PlannedMessage(
            contactID: contactID, campaign: campaign, step: step, contentKey: key, content: key.isEmpty ? nil : key,
            messageID: "<n.\(campaign).\(step).c\(contactID)@example.com>", plannedAt: at(minutes: minutes))
    }

    /// Claims one message and returns its id.
    func claim(_ message: PlannedMessage) throws -> Int64 {
        guard let id = try store.claim([message]).first ?? nil else { throw AlreadyClaimed() }
        return id
    }

    struct AlreadyClaimed: Error {}

    /// Claims a message and moves it to `state` through the ledger's own operations.
    func entry(in state: DeliveryState, _ message: PlannedMessage) throws -> Int64 {
        let id = try claim(message)
        let at = LedgerFixture.at(minutes: 1)
        switch state {
        case .pending:
            break
        case .sending:
            try store.commit([], sending: [id], at: at)
        case .unknown:
            try store.commit([], sending: [id], at: at)
            _ = try store.markInterrupted(campaign: message.campaign, at: at, reply: "interrupted")
        case .sent, .deferred, .bounced, .failed:
            try store.commit([], sending: [id], at: at)
            try store.commit([LedgerUpdate(id: id, state: state, reply: "reply", at: at)], sending: [], at: at)
        }
        return id
    }

    func entry(_ id: Int64) throws -> LedgerEntry? {
        try store.entries(LedgerQuery()).first { $0.id == id }
    }
}
