-- Evaluator reliability (issue 16) and counted once per subject (issue 15).
-- - `second_opinion`: an evaluation that does not count because another evaluation of the
--   same subject does (the first submitted one, or the sample assignee's). At most one
--   submitted, non-calibration evaluation of a subject has 0 here; `store::counting` keeps it so.
-- - `rubric_references`: the reference evaluator a lead designates per rubric
--   (`staff reference RUBRIC ID`) for `report evaluators`.
-- - `sample_doubles`: the share of a sample given to a second, blind evaluator
--   (`sample draw --double PERCENT`), scored as second opinions.
-- - The `pending.*` meta keys ask `Store::open` to run, once and audited, the work SQL cannot
--   do: settle which evaluation counts on stores scored before this rule, and recompute
--   pass/fail under the exact-threshold rule (`rubric::meets`).
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
