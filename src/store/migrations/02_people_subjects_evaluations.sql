-- 2: people and places, interactions, visits with attachments, evaluations with revisions.
INSERT INTO meta (key, value) VALUES ('customer_secret', lower(hex(randomblob(32))));
CREATE TABLE agents (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    team       TEXT,
    location   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX agents_team ON agents (team);
CREATE TABLE staff (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE staff_roles (
    staff_id TEXT NOT NULL REFERENCES staff (id),
    role     TEXT NOT NULL CHECK (role IN ('evaluator', 'shopper', 'lead')),
    PRIMARY KEY (staff_id, role)
) WITHOUT ROWID;
CREATE TABLE locations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    region     TEXT,
    address    TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL,
    agent_id    TEXT NOT NULL REFERENCES agents (id),
    occurred_at TEXT NOT NULL,
    duration_s  INTEGER,
    customer    TEXT,
    extra       TEXT,
    imported_at TEXT NOT NULL
);
CREATE INDEX interactions_agent_time ON interactions (agent_id, occurred_at);
CREATE INDEX interactions_time ON interactions (occurred_at);
CREATE TABLE visits (
    id             INTEGER PRIMARY KEY,
    location_id    TEXT NOT NULL REFERENCES locations (id),
    shopper_id     TEXT REFERENCES staff (id),
    staff_agent_id TEXT REFERENCES agents (id),
    status         TEXT NOT NULL CHECK (status IN ('planned', 'complete', 'approved', 'returned', 'cancelled')),
    planned_for    TEXT,
    plan_id        INTEGER,
    visited_at     TEXT,
    departed_at    TEXT,
    wait_minutes   REAL,
    narrative      TEXT,
    review_note    TEXT,
    reviewed_by    TEXT REFERENCES staff (id),
    reviewed_at    TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX visits_location_time ON visits (location_id, visited_at);
CREATE INDEX visits_status ON visits (status);
CREATE TABLE attachments (
    id        INTEGER PRIMARY KEY,
    visit_id  INTEGER NOT NULL REFERENCES visits (id),
    file_name TEXT NOT NULL,
    size      INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    content   BLOB NOT NULL,
    added_at  TEXT NOT NULL
);
CREATE INDEX attachments_visit ON attachments (visit_id);
CREATE TABLE evaluations (
    id               INTEGER PRIMARY KEY,
    subject_kind     TEXT NOT NULL CHECK (subject_kind IN ('interaction', 'visit')),
    interaction_id   INTEGER REFERENCES interactions (id),
    visit_id         INTEGER REFERENCES visits (id),
    rubric_id        TEXT NOT NULL,
    rubric_version   INTEGER NOT NULL,
    evaluator_id     TEXT NOT NULL REFERENCES staff (id),
    agent_id         TEXT REFERENCES agents (id),
    location_id      TEXT REFERENCES locations (id),
    occurred_at      TEXT NOT NULL,
    scored_at        TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'void')),
    calibration_id   INTEGER,
    revision         INTEGER NOT NULL,
    overall          REAL NOT NULL,
    passed           INTEGER NOT NULL,
    critical_failed  INTEGER NOT NULL,
    band             TEXT,
    comment          TEXT,
    void_reason      TEXT,
    acknowledged_at  TEXT,
    external_ref     TEXT UNIQUE,
    CHECK ((subject_kind = 'interaction') = (interaction_id IS NOT NULL)),
    CHECK ((subject_kind = 'visit') = (visit_id IS NOT NULL)),
    FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubric_versions (rubric_id, version)
);
CREATE INDEX evaluations_agent_time ON evaluations (agent_id, occurred_at);
CREATE INDEX evaluations_time ON evaluations (occurred_at);
CREATE INDEX evaluations_interaction ON evaluations (interaction_id);
CREATE INDEX evaluations_visit ON evaluations (visit_id);
CREATE INDEX evaluations_evaluator ON evaluations (evaluator_id, scored_at);
CREATE TABLE evaluation_revisions (
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations (id),
    revision        INTEGER NOT NULL,
    overall         REAL NOT NULL,
    passed          INTEGER NOT NULL,
    critical_failed INTEGER NOT NULL,
    band            TEXT,
    comment         TEXT,
    reason          TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, revision)
) WITHOUT ROWID;
CREATE TABLE criterion_scores (
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations (id),
    revision        INTEGER NOT NULL,
    criterion_key   TEXT NOT NULL,
    answer          TEXT NOT NULL,
    norm            REAL,
    critical_failed INTEGER NOT NULL,
    comment         TEXT,
    PRIMARY KEY (evaluation_id, revision, criterion_key)
) WITHOUT ROWID;
CREATE TABLE section_scores (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id),
    revision      INTEGER NOT NULL,
    section_id    TEXT NOT NULL,
    score         REAL,
    zeroed        INTEGER NOT NULL,
    PRIMARY KEY (evaluation_id, revision, section_id)
) WITHOUT ROWID;
CREATE TRIGGER evaluation_revisions_no_change BEFORE UPDATE ON evaluation_revisions
    BEGIN SELECT RAISE(ABORT, 'evaluation revisions are kept as written; amend instead'); END;
CREATE TRIGGER criterion_scores_no_change BEFORE UPDATE ON criterion_scores
    BEGIN SELECT RAISE(ABORT, 'criterion scores are kept as written; amend instead'); END;
CREATE TRIGGER evaluations_no_delete BEFORE DELETE ON evaluations
    BEGIN SELECT RAISE(ABORT, 'evaluations are never deleted; void instead'); END;
