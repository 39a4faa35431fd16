-- The audit group's record of a departing chair's 经济责任审计 (issue 20): who audited, their
-- evaluation, the chair's main work (主要业绩), the handover (离任交接: cash counted, bank balance,
-- assets and documents handed over, who handed over, received and supervised) and the chair's
-- response — the file as the group wrote it (TOML), entered by a committee member. Each entry is
-- a new version; none is changed or removed, and the state log covers them.
CREATE TABLE departure_audits (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    chair      TEXT NOT NULL,
    span_from  BIGINT NOT NULL,
    span_to    BIGINT NOT NULL,
    version    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (org_id, chair, span_from, span_to, version)
);

CREATE FUNCTION gh_refuse_departure_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 离任审计记录不能修改或删除（请录入新版本）';
END $$;
CREATE TRIGGER departure_audits_immutable BEFORE UPDATE OR DELETE ON departure_audits
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_departure_audit_change();
CREATE FUNCTION gh_dirty_departure_audits() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'departure_audits' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'departure_audits' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'departure_audits' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER departure_audits_dirty_ins AFTER INSERT ON departure_audits REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_departure_audits();
CREATE TRIGGER departure_audits_dirty_upd AFTER UPDATE ON departure_audits REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_departure_audits();
CREATE TRIGGER departure_audits_dirty_del AFTER DELETE ON departure_audits REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_departure_audits();

-- Bound to the unions of the login role like every table with org_id (0020).
ALTER TABLE departure_audits ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON departure_audits USING (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
    WITH CHECK (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user));
