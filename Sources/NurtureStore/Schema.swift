import GRDB

/// The database schema, as migrations. A shipped migration is never edited: a change is a new one.
/// Migrations use SQL only, never application types.
///
/// Dates are INTEGER milliseconds since 1970 UTC (see `StoredDate`); JSON columns are text.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE contact (
                    id INTEGER PRIMARY KEY,
                    -- Matched without regard to ASCII case: Ann@x.com and ann@x.com are one person,
                    -- never two contacts mailed twice. The first spelling seen is kept.
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    first_name TEXT,
                    last_name TEXT,
                    company TEXT,
                    job_title TEXT,
                    stage TEXT,
                    interests TEXT NOT NULL DEFAULT '[]',
                    timezone TEXT,
                    score INTEGER,
                    custom_fields TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );

                -- The unique index leads with contact_id: it also serves the planner's reads by contact.
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                    type TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    content TEXT,
                    content_key TEXT NOT NULL DEFAULT '',
                    properties TEXT NOT NULL DEFAULT '{}',
                    UNIQUE (contact_id, type, at, content_key)
                );

                -- The send ledger: one row per (contact, campaign, step, content), whatever happens.
                CREATE TABLE message (
                    id INTEGER PRIMARY KEY,
                    contact_id INTEGER NOT NULL REFERENCES contact(id),
                    campaign TEXT NOT NULL,
                    step TEXT NOT NULL,
                    content_key TEXT NOT NULL DEFAULT '',
                    content TEXT,
                    message_id TEXT,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'sending', 'sent', 'deferred', 'bounced', 'failed', 'unknown')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_reply TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    sent_at INTEGER,
                    next_attempt_at INTEGER,
                    UNIQUE (contact_id, campaign, step, content_key)
                );
                CREATE INDEX message_by_campaign_contact ON message(campaign, contact_id);

                CREATE TABLE suppression (
                    email TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-pacing") { db in
            try db.execute(sql: """
                -- The step kind of each ledger entry: a thank-you of any campaign answers a conversion for all.
                ALTER TABLE message ADD COLUMN kind TEXT;
                -- Pacing counts every email to a contact, whatever the campaign.
                CREATE INDEX message_by_contact ON message(contact_id);

                -- What the relay and each sending domain took per UTC hour and day (`relay` / `sender:DOMAIN`,
                -- `2026-11-23` / `2026-11-23T09`): caps and warm-up survive a restart.
                CREATE TABLE pacing_counter (
                    key TEXT NOT NULL,
                    period TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (key, period)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-suppression") { db in
            try db.execute(sql: """
                -- One row per address and scope: campaign '' is every campaign (a hard bounce, a complaint, an
                -- unsubscribe from everything); a campaign's name, an unsubscribe from that campaign alone.
                -- `reason` is the detail: where it came from and what it said.
                CREATE TABLE suppression_v3 (
                    email TEXT NOT NULL COLLATE NOCASE,
                    campaign TEXT NOT NULL DEFAULT '',
                    cause TEXT NOT NULL CHECK (cause IN ('unsubscribed', 'bounced', 'complained', 'manual')),
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (email, campaign)
                ) WITHOUT ROWID;
                -- Older rows were all for every campaign; their reason names the cause (`bounced: 550 …`,
                -- `unsubscribed (imported event)`).
                INSERT INTO suppression_v3 (email, campaign, cause, reason, at)
                SELECT email, '',
                       CASE WHEN reason LIKE '%bounce%' THEN 'bounced'
                            WHEN reason LIKE 'unsubscribe%' THEN 'unsubscribed'
                            WHEN reason LIKE 'complain%' THEN 'complained'
                            ELSE 'manual' END,
                       reason, at
                FROM suppression;
                DROP TABLE suppression;
                ALTER TABLE suppression_v3 RENAME TO suppression;

                -- A lifted suppression, kept: what it was, who lifted it, why and when.
                CREATE TABLE suppression_removal (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL COLLATE NOCASE,
                    campaign TEXT NOT NULL,
                    cause TEXT NOT NULL,
                    suppression_reason TEXT NOT NULL,
                    suppressed_at INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    removed_at INTEGER NOT NULL
                );
                CREATE INDEX suppression_removal_by_email ON suppression_removal(email);

                -- Delivery status notifications read from a mailbox (`nurture import bounces`): one row per
                -- failed or delayed recipient of a report. A hard one also suppresses; a soft one is only kept here.
                CREATE TABLE bounce_report (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL COLLATE NOCASE,
                    severity TEXT NOT NULL CHECK (severity IN ('hard', 'soft')),
                    action TEXT NOT NULL,
                    status TEXT NOT NULL,
                    diagnostic TEXT,
                    original_message_id TEXT,
                    message_id INTEGER REFERENCES message(id),
                    report_id TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    UNIQUE (email, report_id, status, action)
                );
                -- A report finds the ledger entry it answers by the Message-ID it returns.
                CREATE INDEX message_by_message_id ON message(message_id);
                """)
        }
        migrator.registerMigration("v4-qualification") { db in
            try db.execute(sql: """
                -- Stages people set by hand: they win over the scoring rules from `at` on, until a later
                -- event moves the contact up. Scores and rule-made moves are computed, never stored.
                CREATE TABLE stage_override (
                    id INTEGER PRIMARY KEY,
                    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
                    stage TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    made_by TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL
                );
                CREATE INDEX stage_override_by_contact ON stage_override(contact_id, at);
                """)
        }
        migrator.registerMigration("v5-intake") { db in
            try db.execute(sql: """
                -- The idempotency keys of requests to POST /events (an Idempotency-Key header, or a signed
                -- request's signature): a request sent again with its key stores nothing. Kept 7 days.
                CREATE TABLE intake_key (
                    key TEXT NOT NULL PRIMARY KEY,
                    at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX intake_key_by_at ON intake_key(at);
                """)
        }
        migrator.registerMigration("v6-contact-fields") { db in
            try db.execute(sql: """
                -- The names of the custom fields contacts have, for checking templates against them without
                -- reading every contact. A contact's fields merge and are never removed, so names are only
                -- added: by every import of contacts (files and intake alike), for the fields it writes.
                CREATE TABLE contact_field (
                    name TEXT NOT NULL PRIMARY KEY
                ) WITHOUT ROWID;
                INSERT OR IGNORE INTO contact_field (name)
                SELECT DISTINCT key FROM contact, json_each(contact.custom_fields);
                """)
        }
        return migrator
    }
}
