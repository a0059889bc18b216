-- The keyed audit log (issue 14): the OS user and the digests of the records each entry
-- wrote, the store's id (naming its key file outside the store), where the keyed chain
-- starts (entries before it keep their unkeyed sha256 chain, whose head is recorded), and
-- triggers that refuse UPDATE, DELETE and replacement (an INSERT onto an existing key, which
-- `INSERT OR REPLACE` would otherwise turn into a silent delete) on the history tables.
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
