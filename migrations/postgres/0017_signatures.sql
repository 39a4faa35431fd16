-- Signed acts (issue 17). In `enforced` mode each review, posting, disposition, reopening and
-- waiver is signed with the actor's key, derived from their password and never stored; the public
-- keys a union's users signed with and every signed act are kept here, under the state log, so
-- that rewriting who reviewed or posted a voucher means forging a signature or rewriting the log
-- past an auditor's anchor. Acts are only ever appended.
CREATE TABLE user_keys (
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    name          TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (org_id, public_key)
);

CREATE TABLE signed_acts (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    seq        BIGINT NOT NULL,
    at         TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    digest     TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL,
    PRIMARY KEY (org_id, seq)
);

CREATE FUNCTION gh_dirty_user_keys() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'user_keys' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'user_keys' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'user_keys' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER user_keys_dirty_ins AFTER INSERT ON user_keys REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_user_keys();
CREATE TRIGGER user_keys_dirty_upd AFTER UPDATE ON user_keys REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_user_keys();
CREATE TRIGGER user_keys_dirty_del AFTER DELETE ON user_keys REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_user_keys();
CREATE FUNCTION gh_dirty_signed_acts() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'signed_acts' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'signed_acts' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'signed_acts' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER signed_acts_dirty_ins AFTER INSERT ON signed_acts REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_signed_acts();
CREATE TRIGGER signed_acts_dirty_upd AFTER UPDATE ON signed_acts REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_signed_acts();
CREATE TRIGGER signed_acts_dirty_del AFTER DELETE ON signed_acts REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_signed_acts();
CREATE FUNCTION gh_refuse_signed_act_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 签名记录不能修改或删除';
END $$;
CREATE TRIGGER signed_acts_immutable BEFORE UPDATE OR DELETE ON signed_acts
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_signed_act_change();
