-- 3: samples and work queues, visit plans, disputes, coaching plans, calibration sessions.
CREATE TABLE samples (
    id          INTEGER PRIMARY KEY,
    seed        INTEGER NOT NULL,
    params      TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    rubric_id   TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE sample_items (
    sample_id      INTEGER NOT NULL REFERENCES samples (id),
    position       INTEGER NOT NULL,
    interaction_id INTEGER NOT NULL REFERENCES interactions (id),
    evaluator_id   TEXT NOT NULL REFERENCES staff (id),
    evaluation_id  INTEGER REFERENCES evaluations (id),
    PRIMARY KEY (sample_id, position),
    UNIQUE (sample_id, interaction_id)
);
CREATE INDEX sample_items_queue ON sample_items (evaluator_id, evaluation_id);
CREATE INDEX sample_items_interaction ON sample_items (interaction_id);
CREATE TABLE visit_plans (
    id         INTEGER PRIMARY KEY,
    month      TEXT NOT NULL,
    seed       INTEGER NOT NULL,
    params     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE disputes (
    id              INTEGER PRIMARY KEY,
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations (id),
    opened_by       TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    reason          TEXT NOT NULL,
    proposals       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'partial', 'rejected')),
    resolved_by     TEXT,
    resolved_at     TEXT,
    resolution_note TEXT,
    revision_after  INTEGER
);
CREATE UNIQUE INDEX disputes_one_open ON disputes (evaluation_id) WHERE status = 'open';
CREATE INDEX disputes_status ON disputes (status);
CREATE TABLE coaching_plans (
    id              INTEGER PRIMARY KEY,
    agent_id        TEXT NOT NULL REFERENCES agents (id),
    rubric_id       TEXT NOT NULL,
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    follow_up_on    TEXT NOT NULL,
    sample_size     INTEGER NOT NULL,
    plan            TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    acknowledged_at TEXT
);
CREATE INDEX coaching_plans_agent ON coaching_plans (agent_id);
CREATE TABLE calibration_sessions (
    id             INTEGER PRIMARY KEY,
    rubric_id      TEXT NOT NULL,
    rubric_version INTEGER NOT NULL,
    reference_id   TEXT REFERENCES staff (id),
    tolerance      REAL NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    closed_by      TEXT,
    closed_at      TEXT,
    FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubric_versions (rubric_id, version)
);
CREATE TABLE calibration_subjects (
    session_id     INTEGER NOT NULL REFERENCES calibration_sessions (id),
    position       INTEGER NOT NULL,
    interaction_id INTEGER REFERENCES interactions (id),
    visit_id       INTEGER REFERENCES visits (id),
    PRIMARY KEY (session_id, position),
    CHECK ((interaction_id IS NULL) != (visit_id IS NULL))
);
CREATE TABLE calibration_participants (
    session_id INTEGER NOT NULL REFERENCES calibration_sessions (id),
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    PRIMARY KEY (session_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX evaluations_calibration ON evaluations (calibration_id);
-- What counts in reports and flags: submitted (so not draft, not void), outside calibration,
-- and for visits only once a lead approved the visit. Amendments update the row, so each
-- evaluation counts with its latest revision.
CREATE VIEW counted_evaluations AS
    SELECT e.* FROM evaluations e
    LEFT JOIN visits v ON v.id = e.visit_id
    WHERE e.status = 'submitted' AND e.calibration_id IS NULL
      AND (e.visit_id IS NULL OR v.status = 'approved');
