-- The 附注 text a union writes itself for a year's financial statements (issue 21): one of the
-- eight items of the notes, as entered with `notes set`. Each entry is a new version; none is
-- changed or removed, and the state log covers them.
CREATE TABLE statement_notes (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    year       BIGINT NOT NULL,
    item       BIGINT NOT NULL,
    version    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (org_id, year, item, version)
);

CREATE FUNCTION gh_refuse_statement_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 报表附注不能修改或删除（请录入新版本）';
END $$;
CREATE TRIGGER statement_notes_immutable BEFORE UPDATE OR DELETE ON statement_notes
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_statement_note_change();
CREATE FUNCTION gh_dirty_statement_notes() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'statement_notes' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'statement_notes' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'statement_notes' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER statement_notes_dirty_ins AFTER INSERT ON statement_notes REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_statement_notes();
CREATE TRIGGER statement_notes_dirty_upd AFTER UPDATE ON statement_notes REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_statement_notes();
CREATE TRIGGER statement_notes_dirty_del AFTER DELETE ON statement_notes REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_statement_notes();

ALTER TABLE statement_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON statement_notes USING (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
    WITH CHECK (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user));
