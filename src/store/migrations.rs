//! The schema, as an ordered, append-only list of migrations.
//!
//! Migration N brings a store from `user_version` N-1 to N. Never edit or reorder an entry that
//! has shipped: add a new one at the end. Each runs in its own transaction.
//!
//! `meta` rows are records (`store::records`): a row a new migration adds to a store whose log
//! already records `meta` is named by `verify` until an audited fixup (`store::fixups`)
//! touches it.

/// Every migration, oldest first.
pub const MIGRATIONS: &[&str] = &[
    // 1: rubric versions, the audit log and store metadata.
    r#"
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
    "#,
    // 2: people and places, interactions, visits with attachments, evaluations with revisions.
    r#"
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
    "#,
    // 3: samples and work queues, visit plans, disputes, coaching plans, calibration sessions.
    r#"
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
    "#,
    // Interactions can be corrected and withdrawn (`interaction amend | withdraw`): the row keeps
    // its current values, every earlier version is kept in interaction_history, never changed.
    r#"
    ALTER TABLE interactions ADD COLUMN withdrawn_at TEXT;
    ALTER TABLE interactions ADD COLUMN withdraw_reason TEXT;
    CREATE TABLE interaction_history (
        interaction_id INTEGER NOT NULL REFERENCES interactions (id),
        version        INTEGER NOT NULL,
        action         TEXT NOT NULL CHECK (action IN ('amend', 'withdraw')),
        before         TEXT NOT NULL,
        after          TEXT NOT NULL,
        reason         TEXT NOT NULL,
        changed_by     TEXT NOT NULL,
        changed_at     TEXT NOT NULL,
        PRIMARY KEY (interaction_id, version)
    ) WITHOUT ROWID;
    CREATE TRIGGER interaction_history_no_update BEFORE UPDATE ON interaction_history
        BEGIN SELECT RAISE(ABORT, 'interaction history is kept as written'); END;
    CREATE TRIGGER interaction_history_no_delete BEFORE DELETE ON interaction_history
        BEGIN SELECT RAISE(ABORT, 'interaction history is kept as written'); END;
    "#,
    // Visits a lead can review (issue 17): every submission of a visit kept as a revision, every
    // review with its note and per-question notes, evidence with its EXIF facts and audited
    // tombstones, and the opening days and time zone of locations.
    r#"
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
    "#,
    // Evaluator reliability (issue 16) and counted once per subject (issue 15).
    // - `second_opinion`: an evaluation that does not count because another evaluation of the
    //   same subject does (the first submitted one, or the sample assignee's). At most one
    //   submitted, non-calibration evaluation of a subject has 0 here; `store::counting` keeps it so.
    // - `rubric_references`: the reference evaluator a lead designates per rubric
    //   (`staff reference RUBRIC ID`) for `report evaluators`.
    // - `sample_doubles`: the share of a sample given to a second, blind evaluator
    //   (`sample draw --double PERCENT`), scored as second opinions.
    // - The `pending.*` meta keys ask `Store::open` to run, once and audited, the work SQL cannot
    //   do: settle which evaluation counts on stores scored before this rule, and recompute
    //   pass/fail under the exact-threshold rule (`rubric::meets`).
    r#"
    ALTER TABLE evaluations ADD COLUMN second_opinion INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX evaluations_subject_counted ON evaluations (interaction_id, visit_id, second_opinion);
    CREATE TABLE rubric_references (
        rubric_id  TEXT PRIMARY KEY,
        staff_id   TEXT NOT NULL REFERENCES staff (id),
        set_by     TEXT NOT NULL,
        set_at     TEXT NOT NULL
    );
    CREATE TABLE sample_doubles (
        sample_id      INTEGER NOT NULL REFERENCES samples (id),
        interaction_id INTEGER NOT NULL REFERENCES interactions (id),
        evaluator_id   TEXT NOT NULL REFERENCES staff (id),
        evaluation_id  INTEGER REFERENCES evaluations (id),
        PRIMARY KEY (sample_id, interaction_id)
    );
    CREATE INDEX sample_doubles_queue ON sample_doubles (evaluator_id, evaluation_id);
    DROP VIEW counted_evaluations;
    CREATE VIEW counted_evaluations AS
        SELECT e.* FROM evaluations e
        LEFT JOIN visits v ON v.id = e.visit_id
        WHERE e.status = 'submitted' AND e.calibration_id IS NULL AND e.second_opinion = 0
          AND (e.visit_id IS NULL OR v.status = 'approved');
    INSERT INTO meta (key, value) VALUES ('pending.settle_counted', '1') ON CONFLICT (key) DO NOTHING;
    INSERT INTO meta (key, value) VALUES ('pending.recompute_passed', '1') ON CONFLICT (key) DO NOTHING;
    "#,
    // Coaching plans hold the conversation (issue 15): comments by the agent or a lead after the
    // meeting, kept as written.
    r#"
    CREATE TABLE coaching_comments (
        id         INTEGER PRIMARY KEY,
        plan_id    INTEGER NOT NULL REFERENCES coaching_plans (id),
        author     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        text       TEXT NOT NULL
    );
    CREATE INDEX coaching_comments_plan ON coaching_comments (plan_id);
    CREATE TRIGGER coaching_comments_no_change BEFORE UPDATE ON coaching_comments
        BEGIN SELECT RAISE(ABORT, 'coaching comments are kept as written'); END;
    CREATE TRIGGER coaching_comments_no_delete BEFORE DELETE ON coaching_comments
        BEGIN SELECT RAISE(ABORT, 'coaching comments are kept as written'); END;
    "#,
    // The keyed audit log (issue 14): the OS user and the digests of the records each entry
    // wrote, the store's id (naming its key file outside the store), where the keyed chain
    // starts (entries before it keep their unkeyed sha256 chain, whose head is recorded), and
    // triggers that refuse UPDATE, DELETE and replacement (an INSERT onto an existing key, which
    // `INSERT OR REPLACE` would otherwise turn into a silent delete) on the history tables.
    r#"
    ALTER TABLE audit_log ADD COLUMN os_user TEXT;
    ALTER TABLE audit_log ADD COLUMN records_hash TEXT;
    CREATE TABLE audit_records (
        seq    INTEGER NOT NULL REFERENCES audit_log (seq),
        record TEXT NOT NULL,
        digest BLOB
    );
    CREATE INDEX audit_records_seq ON audit_records (seq);
    INSERT INTO meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));
    INSERT INTO meta (key, value) SELECT 'keyed_from', coalesce(max(seq), 0) + 1 FROM audit_log;
    INSERT INTO meta (key, value)
        SELECT 'unkeyed_head', seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER rubric_versions_no_delete BEFORE DELETE ON rubric_versions
        BEGIN SELECT RAISE(ABORT, 'rubric versions are immutable'); END;
    CREATE TRIGGER rubric_versions_no_replace BEFORE INSERT ON rubric_versions
        WHEN EXISTS (SELECT 1 FROM rubric_versions WHERE rubric_id = NEW.rubric_id AND version = NEW.version)
        BEGIN SELECT RAISE(ABORT, 'rubric versions are immutable; import a new version'); END;
    CREATE TRIGGER evaluations_no_replace BEFORE INSERT ON evaluations
        WHEN EXISTS (SELECT 1 FROM evaluations WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'evaluations are never replaced; amend instead'); END;
    CREATE TRIGGER evaluation_revisions_no_delete BEFORE DELETE ON evaluation_revisions
        BEGIN SELECT RAISE(ABORT, 'evaluation revisions are kept as written'); END;
    CREATE TRIGGER evaluation_revisions_no_replace BEFORE INSERT ON evaluation_revisions
        WHEN EXISTS (SELECT 1 FROM evaluation_revisions WHERE evaluation_id = NEW.evaluation_id AND revision = NEW.revision)
        BEGIN SELECT RAISE(ABORT, 'evaluation revisions are kept as written; amend instead'); END;
    CREATE TRIGGER criterion_scores_no_delete BEFORE DELETE ON criterion_scores
        BEGIN SELECT RAISE(ABORT, 'criterion scores are kept as written'); END;
    CREATE TRIGGER criterion_scores_no_replace BEFORE INSERT ON criterion_scores
        WHEN EXISTS (SELECT 1 FROM criterion_scores WHERE evaluation_id = NEW.evaluation_id
                     AND revision = NEW.revision AND criterion_key = NEW.criterion_key)
        BEGIN SELECT RAISE(ABORT, 'criterion scores are kept as written; amend instead'); END;
    CREATE TRIGGER section_scores_no_change BEFORE UPDATE ON section_scores
        BEGIN SELECT RAISE(ABORT, 'section scores are kept as written'); END;
    CREATE TRIGGER section_scores_no_delete BEFORE DELETE ON section_scores
        BEGIN SELECT RAISE(ABORT, 'section scores are kept as written'); END;
    CREATE TRIGGER section_scores_no_replace BEFORE INSERT ON section_scores
        WHEN EXISTS (SELECT 1 FROM section_scores WHERE evaluation_id = NEW.evaluation_id
                     AND revision = NEW.revision AND section_id = NEW.section_id)
        BEGIN SELECT RAISE(ABORT, 'section scores are kept as written'); END;
    CREATE TRIGGER attachments_no_change
        BEFORE UPDATE OF id, visit_id, file_name, size, sha256, added_at, media_type, exif_time,
                         exif_gps, revision, added_by ON attachments
        BEGIN SELECT RAISE(ABORT, 'attachments are kept as added'); END;
    -- The bytes may only be emptied, and only of removed evidence (`visit purge`, audited).
    CREATE TRIGGER attachments_only_purged BEFORE UPDATE OF content ON attachments
        WHEN NEW.content IS NOT x''
          OR NOT EXISTS (SELECT 1 FROM attachment_removals WHERE attachment_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'attachments are kept as added'); END;
    DROP TRIGGER IF EXISTS attachments_no_delete;
    CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
        BEGIN SELECT RAISE(ABORT, 'attachments are kept as added'); END;
    CREATE TRIGGER attachments_no_replace BEFORE INSERT ON attachments
        WHEN EXISTS (SELECT 1 FROM attachments WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'attachments are kept as added'); END;
    CREATE TRIGGER disputes_no_delete BEFORE DELETE ON disputes
        BEGIN SELECT RAISE(ABORT, 'disputes are never deleted'); END;
    CREATE TRIGGER disputes_no_replace BEFORE INSERT ON disputes
        WHEN EXISTS (SELECT 1 FROM disputes WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'disputes are never replaced'); END;
    CREATE TRIGGER coaching_plans_no_delete BEFORE DELETE ON coaching_plans
        BEGIN SELECT RAISE(ABORT, 'coaching plans are never deleted'); END;
    CREATE TRIGGER coaching_plans_no_replace BEFORE INSERT ON coaching_plans
        WHEN EXISTS (SELECT 1 FROM coaching_plans WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'coaching plans are never replaced'); END;
    CREATE TRIGGER samples_no_change BEFORE UPDATE ON samples
        BEGIN SELECT RAISE(ABORT, 'samples are kept as drawn'); END;
    CREATE TRIGGER samples_no_delete BEFORE DELETE ON samples
        BEGIN SELECT RAISE(ABORT, 'samples are kept as drawn'); END;
    CREATE TRIGGER samples_no_replace BEFORE INSERT ON samples
        WHEN EXISTS (SELECT 1 FROM samples WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'samples are kept as drawn'); END;
    "#,
];

/// The schema version this binary writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}
