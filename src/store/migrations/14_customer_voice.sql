-- 14: the customer's voice beside the QA score (issue 19). Every column added to `interactions`
-- is NULL for what was stored before it and NULL where an export does not say, so the digests
-- the keyed audit log holds for existing rows stay valid (NULL columns add nothing to a digest).
-- - `csat`: the satisfaction answer, an integer on the store's one scale (meta `csat_scale`:
--   '1-5' or '1-10', fixed by the first import that carries CSAT).
-- - `nps`: the recommend answer, 0..10.
-- - `complaint`: 1 when the contact was a complaint, 0 when the export says it was not;
--   `complaint_reason` the reason when the export gave one instead of yes/no.
-- - `response_s`: seconds to answer a call, or to the first reply of a chat or an email.
-- - `resolved`, `reopened`: 1 or 0.
-- - `complaint_opened_at`, `complaint_closed_at`, `escalated_at`: times as the store keeps them.
-- - `reason`: the contact reason as the export names it.
ALTER TABLE interactions ADD COLUMN csat INTEGER CHECK (csat BETWEEN 1 AND 10);
ALTER TABLE interactions ADD COLUMN nps INTEGER CHECK (nps BETWEEN 0 AND 10);
ALTER TABLE interactions ADD COLUMN complaint INTEGER CHECK (complaint IN (0, 1));
ALTER TABLE interactions ADD COLUMN complaint_reason TEXT;
ALTER TABLE interactions ADD COLUMN response_s INTEGER CHECK (response_s >= 0);
ALTER TABLE interactions ADD COLUMN resolved INTEGER CHECK (resolved IN (0, 1));
ALTER TABLE interactions ADD COLUMN reopened INTEGER CHECK (reopened IN (0, 1));
ALTER TABLE interactions ADD COLUMN complaint_opened_at TEXT;
ALTER TABLE interactions ADD COLUMN complaint_closed_at TEXT;
ALTER TABLE interactions ADD COLUMN escalated_at TEXT;
ALTER TABLE interactions ADD COLUMN reason TEXT;

-- Satisfaction surveys answered after the contact, one row per (interaction, answered_at).
-- `verbatim` is scrubbed of customer identifiers before it is stored (`voice::scrub`); only
-- leads read it.
CREATE TABLE surveys (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions (id),
    answered_at    TEXT NOT NULL,
    csat           INTEGER CHECK (csat BETWEEN 1 AND 10),
    nps            INTEGER CHECK (nps BETWEEN 0 AND 10),
    verbatim       TEXT,
    imported_at    TEXT NOT NULL,
    CHECK (csat IS NOT NULL OR nps IS NOT NULL),
    UNIQUE (interaction_id, answered_at)
);
CREATE TRIGGER surveys_no_update BEFORE UPDATE ON surveys
    BEGIN SELECT RAISE(ABORT, 'surveys are never changed'); END;
CREATE TRIGGER surveys_no_delete BEFORE DELETE ON surveys
    BEGIN SELECT RAISE(ABORT, 'surveys are never deleted'); END;
CREATE TRIGGER surveys_no_replace BEFORE INSERT ON surveys
    WHEN EXISTS (SELECT 1 FROM surveys WHERE id = NEW.id
                 OR (interaction_id = NEW.interaction_id AND answered_at = NEW.answered_at))
    BEGIN SELECT RAISE(ABORT, 'surveys are never replaced'); END;

-- Employee satisfaction per agent, from a staff survey: the score on the scale the import
-- declared (`scale_min`..`scale_max`), one row per (agent, answered_at).
CREATE TABLE agent_surveys (
    id          INTEGER PRIMARY KEY,
    agent_id    TEXT NOT NULL REFERENCES agents (id),
    answered_at TEXT NOT NULL,
    score       INTEGER NOT NULL,
    scale_min   INTEGER NOT NULL,
    scale_max   INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    CHECK (scale_min < scale_max AND score BETWEEN scale_min AND scale_max),
    UNIQUE (agent_id, answered_at)
);
CREATE TRIGGER agent_surveys_no_update BEFORE UPDATE ON agent_surveys
    BEGIN SELECT RAISE(ABORT, 'agent surveys are never changed'); END;
CREATE TRIGGER agent_surveys_no_delete BEFORE DELETE ON agent_surveys
    BEGIN SELECT RAISE(ABORT, 'agent surveys are never deleted'); END;
CREATE TRIGGER agent_surveys_no_replace BEFORE INSERT ON agent_surveys
    WHEN EXISTS (SELECT 1 FROM agent_surveys WHERE id = NEW.id
                 OR (agent_id = NEW.agent_id AND answered_at = NEW.answered_at))
    BEGIN SELECT RAISE(ABORT, 'agent surveys are never replaced'); END;
