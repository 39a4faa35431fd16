-- Users and roles (issue 17). A user belongs to the database (one person may act in several
-- unions of it); roles are granted per union. Names are kept normalised (names.rs), so that a name
-- compares equal wherever it is written. The password is kept as an Argon2id PHC string only.
-- `user_roles` is covered by the state log (its dirty marks below), so a role granted behind the
-- tool's back stops the next write and fails `verify`.
CREATE TABLE users (
    name          TEXT NOT NULL PRIMARY KEY,
    password_hash TEXT,
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);

-- Books made by earlier versions: everyone named on their vouchers and in their event log
-- becomes a user without a password and without roles, so the books open in `open` mode as
-- before, and `users list` says where these users came from.
INSERT INTO users (name, created_at, created_by)
SELECT name, '', '升级时按账簿登记' FROM (
    SELECT prepared_by AS name FROM vouchers
    UNION SELECT reviewed_by FROM vouchers WHERE reviewed_by IS NOT NULL
    UNION SELECT posted_by FROM vouchers WHERE posted_by IS NOT NULL
    UNION SELECT actor FROM events
) AS named WHERE name <> '';

CREATE TABLE user_roles (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL REFERENCES users(name),
    role       TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (org_id, name, role)
);

CREATE FUNCTION gh_dirty_user_roles() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'user_roles' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'user_roles' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'user_roles' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER user_roles_dirty_ins AFTER INSERT ON user_roles REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_user_roles();
CREATE TRIGGER user_roles_dirty_upd AFTER UPDATE ON user_roles REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_user_roles();
CREATE TRIGGER user_roles_dirty_del AFTER DELETE ON user_roles REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_user_roles();
