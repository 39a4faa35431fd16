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

CREATE TRIGGER statement_notes_upd BEFORE UPDATE ON statement_notes
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 报表附注不能修改（请录入新版本）'); END;
CREATE TRIGGER statement_notes_del BEFORE DELETE ON statement_notes
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 报表附注不能删除'); END;
CREATE TRIGGER statement_notes_dirty_ins AFTER INSERT ON statement_notes
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'statement_notes' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'statement_notes'); END;
CREATE TRIGGER statement_notes_dirty_upd AFTER UPDATE ON statement_notes
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'statement_notes' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'statement_notes'); END;
CREATE TRIGGER statement_notes_dirty_del AFTER DELETE ON statement_notes
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'statement_notes' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'statement_notes'); END;
