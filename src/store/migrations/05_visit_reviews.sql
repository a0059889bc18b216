-- Visits a lead can review (issue 17): every submission of a visit kept as a revision, every
-- review with its note and per-question notes, evidence with its EXIF facts and audited
-- tombstones, and the opening days and time zone of locations.
ALTER TABLE locations ADD COLUMN open_days TEXT;
ALTER TABLE locations ADD COLUMN timezone TEXT;
ALTER TABLE attachments ADD COLUMN media_type TEXT;
ALTER TABLE attachments ADD COLUMN exif_time TEXT;
ALTER TABLE attachments ADD COLUMN exif_gps TEXT;
ALTER TABLE attachments ADD COLUMN revision INTEGER;
ALTER TABLE attachments ADD COLUMN added_by TEXT;
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE TABLE visit_revisions (
    visit_id       INTEGER NOT NULL REFERENCES visits (id),
    revision       INTEGER NOT NULL,
    staff_agent_id TEXT,
    visited_at     TEXT NOT NULL,
    departed_at    TEXT,
    wait_minutes   REAL,
    narrative      TEXT,
    evaluation_id  INTEGER REFERENCES evaluations (id),
    evaluation_revision INTEGER,
    submitted_by   TEXT NOT NULL,
    submitted_at   TEXT NOT NULL,
    PRIMARY KEY (visit_id, revision)
) WITHOUT ROWID;
CREATE TABLE visit_reviews (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits (id),
    revision    INTEGER,
    status      TEXT NOT NULL CHECK (status IN ('approved', 'returned')),
    note        TEXT,
    comments    TEXT NOT NULL,
    reviewed_by TEXT NOT NULL,
    reviewed_at TEXT NOT NULL
);
CREATE INDEX visit_reviews_visit ON visit_reviews (visit_id);
CREATE TABLE attachment_removals (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id),
    removed_by    TEXT NOT NULL,
    removed_at    TEXT NOT NULL,
    reason        TEXT NOT NULL,
    purged_by     TEXT,
    purged_at     TEXT
);
CREATE TRIGGER visit_revisions_no_change BEFORE UPDATE ON visit_revisions
    BEGIN SELECT RAISE(ABORT, 'visit revisions are kept as written; resubmit instead'); END;
CREATE TRIGGER visit_revisions_no_delete BEFORE DELETE ON visit_revisions
    BEGIN SELECT RAISE(ABORT, 'visit revisions are kept as written; resubmit instead'); END;
CREATE TRIGGER visit_reviews_no_change BEFORE UPDATE ON visit_reviews
    BEGIN SELECT RAISE(ABORT, 'visit reviews are kept as written'); END;
CREATE TRIGGER visit_reviews_no_delete BEFORE DELETE ON visit_reviews
    BEGIN SELECT RAISE(ABORT, 'visit reviews are kept as written'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
    BEGIN SELECT RAISE(ABORT, 'evidence is never deleted; remove it with a reason'); END;
