-- The 经费审查委员会's own word on a year (issue 20): its conclusion, opinion, suggestions, the
-- 审查过程 and the chair's response, entered by a committee member. Each entry is a new version;
-- none is changed or removed, and the state log covers them. Lists (suggestions, members, what
-- was examined) are kept one item per line.
CREATE TABLE audit_opinions (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    year        BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    conclusion  TEXT NOT NULL,
    opinion     TEXT NOT NULL,
    suggestions TEXT NOT NULL,
    response    TEXT NOT NULL,
    review_from TEXT NOT NULL,
    review_to   TEXT NOT NULL,
    reviewers   TEXT NOT NULL,
    examined    TEXT NOT NULL,
    entered_by  TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, year, version)
);

CREATE FUNCTION gh_refuse_opinion_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 经审会意见不能修改或删除（请录入新版本）';
END $$;
CREATE TRIGGER audit_opinions_immutable BEFORE UPDATE OR DELETE ON audit_opinions
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_opinion_change();
CREATE FUNCTION gh_dirty_audit_opinions() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_opinions' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_opinions' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_opinions' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_opinions_dirty_ins AFTER INSERT ON audit_opinions REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_opinions();
CREATE TRIGGER audit_opinions_dirty_upd AFTER UPDATE ON audit_opinions REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_opinions();
CREATE TRIGGER audit_opinions_dirty_del AFTER DELETE ON audit_opinions REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_opinions();

-- Bound to the unions of the login role like every table with org_id (0020).
ALTER TABLE audit_opinions ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON audit_opinions USING (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
    WITH CHECK (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user));

-- Every disposition of a finding as it was recorded, with its evidence (for 已整改: the voucher
-- of the money recovered, or a document number): audit_dispositions holds the one in force, this
-- log keeps them all. Only ever added to; the state log covers it.
CREATE TABLE audit_disposition_log (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    period     TEXT NOT NULL,
    key        TEXT NOT NULL,
    n          BIGINT NOT NULL,
    outcome    TEXT NOT NULL,
    note       TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (org_id, period, key, n)
);

CREATE FUNCTION gh_refuse_disposition_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 审计发现的处理记录不能修改或删除';
END $$;
CREATE TRIGGER audit_disposition_log_immutable BEFORE UPDATE OR DELETE ON audit_disposition_log
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_disposition_log_change();
CREATE FUNCTION gh_dirty_audit_disposition_log() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_disposition_log' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_disposition_log' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_disposition_log' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_disposition_log_dirty_ins AFTER INSERT ON audit_disposition_log REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_disposition_log();
CREATE TRIGGER audit_disposition_log_dirty_upd AFTER UPDATE ON audit_disposition_log REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_disposition_log();
CREATE TRIGGER audit_disposition_log_dirty_del AFTER DELETE ON audit_disposition_log REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_disposition_log();

ALTER TABLE audit_disposition_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_scope ON audit_disposition_log USING (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user))
    WITH CHECK (org_id IN (SELECT org FROM role_orgs WHERE role_name = current_user));
