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

CREATE TRIGGER departure_audits_upd BEFORE UPDATE ON departure_audits
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 离任审计记录不能修改（请录入新版本）'); END;
CREATE TRIGGER departure_audits_del BEFORE DELETE ON departure_audits
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 离任审计记录不能删除'); END;
CREATE TRIGGER departure_audits_dirty_ins AFTER INSERT ON departure_audits
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'departure_audits' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'departure_audits'); END;
CREATE TRIGGER departure_audits_dirty_upd AFTER UPDATE ON departure_audits
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'departure_audits' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'departure_audits'); END;
CREATE TRIGGER departure_audits_dirty_del AFTER DELETE ON departure_audits
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'departure_audits' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'departure_audits'); END;
