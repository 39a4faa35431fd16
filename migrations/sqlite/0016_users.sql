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

CREATE TRIGGER user_roles_dirty_ins AFTER INSERT ON user_roles
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'user_roles' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'user_roles'); END;
CREATE TRIGGER user_roles_dirty_upd AFTER UPDATE ON user_roles
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'user_roles' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'user_roles'); END;
CREATE TRIGGER user_roles_dirty_del AFTER DELETE ON user_roles
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'user_roles' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'user_roles'); END;
