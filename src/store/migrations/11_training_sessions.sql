-- Training sessions of a coaching plan (issue 20, part 4): a simulation, workshop, e-learning
-- module or shadowing session the agent took, on a day, aimed at some of the rubric's criteria.
-- `coach review` compares the agent's counted evaluations of those criteria before and after the
-- day. A session is kept as recorded (a verified record kind, `training-session:N`): never
-- changed, deleted or replaced; a correction is a new session with a note.
-- - `held_on`: the day of the session, YYYY-MM-DD (work from that day on is "after").
-- - `criteria`: a JSON array of the criterion keys it targets, each a criterion of the plan's
--   rubric version when it was recorded.
CREATE TABLE training_sessions (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES coaching_plans (id),
    held_on    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('simulation', 'workshop', 'e-learning', 'shadowing')),
    criteria   TEXT NOT NULL,
    note       TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX training_sessions_plan ON training_sessions (plan_id);
CREATE TRIGGER training_sessions_no_change BEFORE UPDATE ON training_sessions
    BEGIN SELECT RAISE(ABORT, 'training sessions are kept as recorded'); END;
CREATE TRIGGER training_sessions_no_delete BEFORE DELETE ON training_sessions
    BEGIN SELECT RAISE(ABORT, 'training sessions are kept as recorded'); END;
CREATE TRIGGER training_sessions_no_replace BEFORE INSERT ON training_sessions
    WHEN EXISTS (SELECT 1 FROM training_sessions WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'training sessions are kept as recorded; record a new one'); END;
