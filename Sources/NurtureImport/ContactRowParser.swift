import Foundation
import NurtureCore

/// Why a row cannot be imported, as the text of its `RowRejection`.
struct RejectionReason: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

/// Turns the cells of a contacts row into a `ContactRecord`, or the reason it cannot be one.
struct ContactRowParser {
    static let knownColumns: Set<String> = [
        "email", "first_name", "last_name", "company", "job_title", "stage", "interests", "timezone", "score",
    ]

    let header: CSVHeader
    let addressPolicy: EmailAddress.Policy
    /// The stages a row may name (every rung of the campaigns' ladders); nil accepts any.
    var knownStages: [Stage]?
    private static let zones = TimeZoneCatalog()

    func parse(_ cells: [String]) -> Result<ContactRecord, RejectionReason> {
        Result { () throws(RejectionReason) in try record(cells) }
    }

    private func record(_ cells: [String]) throws(RejectionReason) -> ContactRecord {
        guard cells.count == header.count else {
            throw RejectionReason("expected \(header.count) fields as in the header, found \(cells.count)")
        }
        func cell(_ name: String) -> String? {
            guard let position = header.position(of: name) else { return nil }
            let value = cells[position].trimmingASCIIWhitespace()
            return value.isEmpty ? nil : value
        }
        func singleLine(_ name: String) throws(RejectionReason) -> String? {
            guard let value = cell(name) else { return nil }
            if value.containsLineBreakOrControl {
                throw RejectionReason("\(name) contains a line break or control character: '\(value.debugSafe)'")
            }
            return value
        }

        let email: EmailAddress
        do {
            email = try EmailAddress(cell("email") ?? "", policy: addressPolicy)
        } catch {
            throw RejectionReason(error.description)
        }
        var record = ContactRecord(email: email)
        record.firstName = try singleLine("first_name")
        record.lastName = try singleLine("last_name")
        record.company = try singleLine("company")
        record.jobTitle = try singleLine("job_title")
        record.stage = try singleLine("stage").map { Stage($0) }
        if let stage = record.stage, let knownStages, !knownStages.contains(stage) {
            let names = knownStages.map(\.name)
            throw RejectionReason("unknown stage '\(stage.name.debugSafe)'\(Suggest.hint(for: stage.name, in: names)); the ladder is \(names.joined(separator: ", "))")
        }
        if let interests = try singleLine("interests") {
            let topics = Topic.normalizeList(interests.split(separator: ";").map(String.init))
            record.interests = topics.isEmpty ? nil : topics
        }
        if let zone = try singleLine("timezone") {
            // Kept as given either way: rejecting the contact would also reject every event for the address.
            if Self.zones.zone(named: zone) == nil {
                record.warnings.append("unknown time zone '\(zone.debugSafe)' (expected an IANA name such as Europe/Paris): imported; campaigns use their own time zone for this contact")
            }
            record.timeZone = zone
        }
        if let score = cell("score") {
            guard let value = Int(score) else {
                throw RejectionReason("score '\(score.debugSafe)' is not an integer")
            }
            record.score = value
        }
        for (position, name) in header.names.enumerated()
        where !name.isEmpty && !Self.knownColumns.contains(name) {
            let value = cells[position].trimmingASCIIWhitespace()
            if !value.isEmpty { record.customFields[name] = value }
        }
        return record
    }
}
