-- Coaching plans hold the conversation (issue 15): comments by the agent or a lead after the
-- meeting, kept as written.
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
