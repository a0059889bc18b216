-- Decisions on flags (issue 20, part 1): what a lead decided on a reward or discipline flag,
-- with the flag's evidence as it stood when deciding (flags themselves are computed, never
-- stored, so the evidence is copied here: later evaluations must not change what a decision
-- rested on). History: never updated, deleted or replaced; a decision is amended by a new one
-- that names it in `supersedes` (at most one per decision).
CREATE TABLE flag_decisions (
    id                INTEGER PRIMARY KEY,
    agent_id          TEXT NOT NULL REFERENCES agents (id),
    rubric_id         TEXT NOT NULL,
    rubric_version    INTEGER NOT NULL,
    rule_id           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('reward', 'discipline')),
    action            TEXT NOT NULL CHECK (action IN ('bonus', 'recognition', 'raise', 'coaching', 'warning',
                                                      'formal-review', 'no-action')),
    note              TEXT NOT NULL CHECK (length(trim(note)) > 0),
    as_of             TEXT NOT NULL,
    window_from       TEXT NOT NULL,
    window_to         TEXT NOT NULL,
    window_days       INTEGER NOT NULL,
    n                 INTEGER NOT NULL,
    mean              REAL,
    bound             REAL,
    bound_confidence  REAL,
    bound_side        TEXT,
    critical_failures INTEGER NOT NULL,
    -- The evaluations counted, oldest work first, as a JSON array of ids.
    evaluation_ids    TEXT NOT NULL,
    -- The whole flag as `qaudit flags --format json` printed it (conditions, disputes at stake).
    evidence          TEXT NOT NULL,
    supersedes        INTEGER REFERENCES flag_decisions (id),
    decided_by        TEXT NOT NULL,
    decided_at        TEXT NOT NULL
);
CREATE INDEX flag_decisions_rule ON flag_decisions (agent_id, rubric_id, rule_id);
CREATE INDEX flag_decisions_as_of ON flag_decisions (as_of);
CREATE UNIQUE INDEX flag_decisions_superseded_once ON flag_decisions (supersedes) WHERE supersedes IS NOT NULL;
CREATE TRIGGER flag_decisions_no_change BEFORE UPDATE ON flag_decisions
    BEGIN SELECT RAISE(ABORT, 'flag decisions are kept as taken; record a new one that supersedes it'); END;
CREATE TRIGGER flag_decisions_no_delete BEFORE DELETE ON flag_decisions
    BEGIN SELECT RAISE(ABORT, 'flag decisions are kept as taken'); END;
CREATE TRIGGER flag_decisions_no_replace BEFORE INSERT ON flag_decisions
    WHEN EXISTS (SELECT 1 FROM flag_decisions WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'flag decisions are kept as taken; record a new one that supersedes it'); END;
