-- 1: rubric versions, the audit log and store metadata.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE rubric_versions (
    rubric_id TEXT NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    title     TEXT NOT NULL,
    subject   TEXT NOT NULL CHECK (subject IN ('interaction', 'visit')),
    language  TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    yaml      TEXT NOT NULL,
    source    TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (rubric_id, version)
);
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    change    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER rubric_versions_no_update BEFORE UPDATE ON rubric_versions
    BEGIN SELECT RAISE(ABORT, 'rubric versions are immutable; import a new version'); END;
