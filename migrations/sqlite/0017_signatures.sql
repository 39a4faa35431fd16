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

CREATE TRIGGER user_keys_dirty_ins AFTER INSERT ON user_keys
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'user_keys' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'user_keys'); END;
CREATE TRIGGER user_keys_dirty_upd AFTER UPDATE ON user_keys
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'user_keys' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'user_keys'); END;
CREATE TRIGGER user_keys_dirty_del AFTER DELETE ON user_keys
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'user_keys' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'user_keys'); END;
CREATE TRIGGER signed_acts_dirty_ins AFTER INSERT ON signed_acts
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'signed_acts' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'signed_acts'); END;
CREATE TRIGGER signed_acts_dirty_upd AFTER UPDATE ON signed_acts
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'signed_acts' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'signed_acts'); END;
CREATE TRIGGER signed_acts_dirty_del AFTER DELETE ON signed_acts
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'signed_acts' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'signed_acts'); END;
CREATE TRIGGER signed_acts_upd BEFORE UPDATE ON signed_acts
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 签名记录不能修改'); END;
CREATE TRIGGER signed_acts_del BEFORE DELETE ON signed_acts
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 签名记录不能删除'); END;
