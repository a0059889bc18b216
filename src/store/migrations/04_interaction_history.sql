-- Interactions can be corrected and withdrawn (`interaction amend | withdraw`): the row keeps
-- its current values, every earlier version is kept in interaction_history, never changed.
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
