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
    /// Where the known columns are, found once rather than per cell.
    private let emailColumn: Int?, firstNameColumn: Int?, lastNameColumn: Int?, companyColumn: Int?
    private let jobTitleColumn: Int?, stageColumn: Int?, interestsColumn: Int?, timeZoneColumn: Int?, scoreColumn: Int?
    /// The custom field columns: every named column that is not a known one.
    private let customColumns: [(position: Int, name: String)]
    private var topics = TopicLists()

    init(header: CSVHeader, addressPolicy: EmailAddress.Policy, knownStages: [Stage]? = nil) {
        self.header = header
        self.addressPolicy = addressPolicy
        self.knownStages = knownStages
        emailColumn = header.position(of: "email")
        firstNameColumn = header.position(of: "first_name")
        lastNameColumn = header.position(of: "last_name")
        companyColumn = header.position(of: "company")
        jobTitleColumn = header.position(of: "job_title")
        stageColumn = header.position(of: "stage")
        interestsColumn = header.position(of: "interests")
        timeZoneColumn = header.position(of: "timezone")
        scoreColumn = header.position(of: "score")
        customColumns = header.names.enumerated()
            .filter { !$0.element.isEmpty && !Self.knownColumns.contains($0.element) }
            .map { (position: $0.offset, name: $0.element) }
    }

    mutating func parse(_ cells: [String]) -> Result<ContactRecord, RejectionReason> {
        Result { () throws(RejectionReason) in try record(cells) }
    }

    private mutating func record(_ cells: [String]) throws(RejectionReason) -> ContactRecord {
        guard cells.count == header.count else {
            throw RejectionReason("expected \(header.count) fields as in the header, found \(cells.count)")
        }
        func cell(_ position: Int?) -> String? {
            guard let position else { return nil }
            let value = cells[position].trimmingASCIIWhitespace()
            return value.isEmpty ? nil : value
        }
        func singleLine(_ name: String, _ position: Int?) throws(RejectionReason) -> String? {
            guard let value = cell(position) else { return nil }
            if value.containsLineBreakOrControl {
                throw RejectionReason("\(name) contains a line break or control character: '\(value.debugSafe)'")
            }
            return value
        }

        let email: EmailAddress
        do {
            email = try EmailAddress(cell(emailColumn) ?? "", policy: addressPolicy)
        } catch {
            throw RejectionReason(error.description)
        }
        var record = ContactRecord(email: email)
        record.firstName = try singleLine("first_name", firstNameColumn)
        record.lastName = try singleLine("last_name", lastNameColumn)
        record.company = try singleLine("company", companyColumn)
        record.jobTitle = try singleLine("job_title", jobTitleColumn)
        record.stage = try singleLine("stage", stageColumn).map { Stage($0) }
        if let stage = record.stage, let knownStages, !knownStages.contains(stage) {
            let names = knownStages.map(\.name)
            throw RejectionReason("unknown stage '\(stage.name.debugSafe)'\(Suggest.hint(for: stage.name, in: names)); the ladder is \(names.joined(separator: ", "))")
        }
        if let interests = try singleLine("interests", interestsColumn) {
            let topics = topics.normalized(interests)
            record.interests = topics.isEmpty ? nil : topics
        }
        if let zone = try singleLine("timezone", timeZoneColumn) {
            // Kept as given either way: rejecting the contact would also reject every event for the address.
            if Self.zones.zone(named: zone) == nil {
                record.warnings.append("unknown time zone '\(zone.debugSafe)' (expected an IANA name such as Europe/Paris): imported; campaigns use their own time zone for this contact")
            }
            record.timeZone = zone
        }
        if let score = cell(scoreColumn) {
            guard let value = Int(score) else {
                throw RejectionReason("score '\(score.debugSafe)' is not an integer")
            }
            record.score = value
        }
        for (position, name) in customColumns {
            let value = cells[position].trimmingASCIIWhitespace()
            if !value.isEmpty { record.customFields[name] = value }
        }
        return record
    }
}
