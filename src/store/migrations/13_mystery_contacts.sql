-- Mystery contacts (issue 20, part 6): a mystery shopper's test call, email, chat or social
-- message to the contact centre. The contact itself is an interaction with origin 'mystery'
-- (migration 09), so it is never sampled, counted as a contact or scored in reports and flags;
-- its evaluation is the shopper's. This table holds what only a test contact has: who made it,
-- when it was started (call placed, email or message sent) and when it was answered, and the
-- time to answer in seconds (answered_at - started_at, wall-clock). `agent_id` is NULL when the
-- shopper does not know who answered (the interaction then names the reserved agent
-- `(unknown)`, since interactions.agent_id is NOT NULL; see store::mystery).
-- Rows are kept as written: a mystery contact is a record (`mystery-contact:N`) that `verify`
-- compares with the log, and the triggers refuse UPDATE, DELETE and replacement.
CREATE TABLE mystery_contacts (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL UNIQUE REFERENCES interactions (id),
    evaluation_id  INTEGER NOT NULL UNIQUE REFERENCES evaluations (id),
    shopper_id     TEXT NOT NULL REFERENCES staff (id),
    agent_id       TEXT REFERENCES agents (id),
    channel        TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'chat', 'social')),
    started_at     TEXT NOT NULL,
    answered_at    TEXT NOT NULL,
    answer_seconds INTEGER NOT NULL CHECK (answer_seconds >= 0),
    reference      TEXT,
    logged_at      TEXT NOT NULL
);
CREATE INDEX mystery_contacts_time ON mystery_contacts (started_at);
CREATE INDEX mystery_contacts_shopper ON mystery_contacts (shopper_id, started_at);
CREATE TRIGGER mystery_contacts_no_change BEFORE UPDATE ON mystery_contacts
    BEGIN SELECT RAISE(ABORT, 'mystery contacts are kept as logged'); END;
CREATE TRIGGER mystery_contacts_no_delete BEFORE DELETE ON mystery_contacts
    BEGIN SELECT RAISE(ABORT, 'mystery contacts are kept as logged'); END;
CREATE TRIGGER mystery_contacts_no_replace BEFORE INSERT ON mystery_contacts
    WHEN EXISTS (SELECT 1 FROM mystery_contacts WHERE id = NEW.id OR interaction_id = NEW.interaction_id
                 OR evaluation_id = NEW.evaluation_id)
    BEGIN SELECT RAISE(ABORT, 'mystery contacts are kept as logged'); END;
