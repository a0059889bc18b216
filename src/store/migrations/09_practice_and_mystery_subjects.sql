-- Subjects and evaluations that are not the real work (issue 20). Both columns are NULL for
-- everything stored before them and for every real contact and counted evaluation, so the
-- digests the keyed audit log holds for existing rows stay valid (NULL columns add nothing to a
-- record's digest).
-- - `interactions.origin`: NULL for a customer contact (imported), 'practice' for a role-play or
--   simulated contact made to be scored as training, 'mystery' for a test call, email or chat a
--   mystery shopper made to the contact centre. Only real contacts are sampled, counted as
--   contacts or scored in reports and flags.
-- - `evaluations.practice`: 1 for an evaluation scored as practice (`score --practice`), which
--   never counts in reports, flags, samples or calibration.
ALTER TABLE interactions ADD COLUMN origin TEXT CHECK (origin IN ('practice', 'mystery'));
ALTER TABLE evaluations ADD COLUMN practice INTEGER CHECK (practice = 1);
DROP VIEW counted_evaluations;
CREATE VIEW counted_evaluations AS
    SELECT e.* FROM evaluations e
    LEFT JOIN visits v ON v.id = e.visit_id
    LEFT JOIN interactions i ON i.id = e.interaction_id
    WHERE e.status = 'submitted' AND e.calibration_id IS NULL AND e.second_opinion = 0
      AND e.practice IS NULL AND i.origin IS NULL
      AND (e.visit_id IS NULL OR v.status = 'approved');
