import Foundation
import GRDB
import NurtureCore

/// A row of the `contact` table, as plain column values: what an upsert compares and writes.
struct ContactRow: Equatable {
    var id: Int64?
    var email: String
    var firstName: String?
    var lastName: String?
    var company: String?
    var jobTitle: String?
    var stage: String?
    var interests: [String]
    var timeZone: String?
    var score: Int?
    var customFields: [String: String]

    static let columns = "id, email, first_name, last_name, company, job_title, stage, interests, timezone, score, custom_fields"

    init(_ record: ContactRecord) {
        id = nil
        email = record.email.value
        firstName = record.firstName
        lastName = record.lastName
        company = record.company
        jobTitle = record.jobTitle
        stage = record.stage?.name
        interests = record.interests ?? []
        timeZone = record.timeZone
        score = record.score
        customFields = record.customFields
    }

    /// A row of `columns`, read by position (a plan reads every contact).
    init(row: Row, path: String) throws(StoreError) {
        id = row[0]
        email = row[1]
        firstName = row[2]
        lastName = row[3]
        company = row[4]
        jobTitle = row[5]
        stage = row[6]
        interests = try StoredJSON.decode(row[7] as StoredStrings<[String]>?, column: "contact.interests", path: path) ?? []
        timeZone = row[8]
        score = row[9]
        customFields = try StoredJSON.decode(row[10] as StoredStrings<[String: String]>?, column: "contact.custom_fields", path: path) ?? [:]
    }

    /// The stored row with what the file says on top: a value the file lacks stays as it was, and
    /// custom fields merge.
    func merging(_ record: ContactRecord) -> ContactRow {
        var merged = self
        merged.firstName = record.firstName ?? firstName
        merged.lastName = record.lastName ?? lastName
        merged.company = record.company ?? company
        merged.jobTitle = record.jobTitle ?? jobTitle
        merged.stage = record.stage?.name ?? stage
        merged.interests = record.interests ?? interests
        merged.timeZone = record.timeZone ?? timeZone
        merged.score = record.score ?? score
        merged.customFields.merge(record.customFields) { _, new in new }
        return merged
    }

    func contact(path: String) throws(StoreError) -> Contact {
        let address: EmailAddress
        do {
            address = try EmailAddress(storedValue: email)
        } catch {
            throw StoreError(.corruptData, path: path, message: "contact \(id ?? 0) has an invalid email: \(error)")
        }
        return Contact(
            id: id, email: address, firstName: firstName, lastName: lastName, company: company, jobTitle: jobTitle,
            stage: stage.map { Stage($0) }, interests: interests, timeZone: timeZone, score: score,
            customFields: customFields)
    }

    static func fetch(_ db: Database, email: String, path: String) throws -> ContactRow? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM contact WHERE email = ?")
        guard let row = try Row.fetchOne(statement, arguments: [email]) else { return nil }
        return try ContactRow(row: row, path: path)
    }

    func insert(_ db: Database, at now: Int64) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO contact (email, first_name, last_name, company, job_title, stage, interests, timezone, score,
                                 custom_fields, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Set, then executed: `execute(arguments:)` would check the arguments against the statement again.
        statement.setUncheckedArguments([
            email, firstName, lastName, company, jobTitle, stage, StoredJSON.encode(interests), timeZone, score,
            StoredJSON.encode(customFields), now, now,
        ])
        try statement.execute()
    }

    func update(_ db: Database, at now: Int64) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE contact SET first_name = ?, last_name = ?, company = ?, job_title = ?, stage = ?, interests = ?,
                               timezone = ?, score = ?, custom_fields = ?, updated_at = ?
            WHERE id = ?
            """)
        statement.setUncheckedArguments([
            firstName, lastName, company, jobTitle, stage, StoredJSON.encode(interests), timeZone, score,
            StoredJSON.encode(customFields), now, id,
        ])
        try statement.execute()
    }
}
