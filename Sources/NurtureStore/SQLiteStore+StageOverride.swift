import GRDB
import NurtureCore

extension SQLiteStore: StageOverrideStore {
    public func recordStageOverride(_ override: StageOverride, for email: EmailAddress) throws {
        try writer.write { db in
            guard let row = try ContactRow.fetch(db, email: email.value, path: path), let id = row.id else {
                throw StoreError(.corruptData, path: path, message: "no contact \(email) in the store")
            }
            try db.execute(sql: """
                INSERT INTO stage_override (contact_id, stage, at, reason, made_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, override.stage.name, StoredDate.milliseconds(override.at), override.reason, override.by,
                                 StoredDate.milliseconds(now())])
        }
    }
}
