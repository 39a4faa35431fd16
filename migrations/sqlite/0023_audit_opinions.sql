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

CREATE TRIGGER audit_opinions_upd BEFORE UPDATE ON audit_opinions
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 经审会意见不能修改（请录入新版本）'); END;
CREATE TRIGGER audit_opinions_del BEFORE DELETE ON audit_opinions
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 经审会意见不能删除'); END;
CREATE TRIGGER audit_opinions_dirty_ins AFTER INSERT ON audit_opinions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_opinions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_opinions'); END;
CREATE TRIGGER audit_opinions_dirty_upd AFTER UPDATE ON audit_opinions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_opinions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_opinions'); END;
CREATE TRIGGER audit_opinions_dirty_del AFTER DELETE ON audit_opinions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'audit_opinions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'audit_opinions'); END;

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

CREATE TRIGGER audit_disposition_log_upd BEFORE UPDATE ON audit_disposition_log
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 审计发现的处理记录不能修改'); END;
CREATE TRIGGER audit_disposition_log_del BEFORE DELETE ON audit_disposition_log
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 审计发现的处理记录不能删除'); END;
CREATE TRIGGER audit_disposition_log_dirty_ins AFTER INSERT ON audit_disposition_log
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_disposition_log' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_disposition_log'); END;
CREATE TRIGGER audit_disposition_log_dirty_upd AFTER UPDATE ON audit_disposition_log
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_disposition_log' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_disposition_log'); END;
CREATE TRIGGER audit_disposition_log_dirty_del AFTER DELETE ON audit_disposition_log
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'audit_disposition_log' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'audit_disposition_log'); END;
