-- The dirty-mark triggers that fire once per row of the largest writes (a statement's lines, the
-- vouchers of an import, the monthly balances a posting moves) test for the mark in their WHEN
-- clause instead of in their body: a trigger whose WHEN is false costs a lookup, where a body runs
-- a whole INSERT … SELECT per row (about 2.5 s of a 1,000,000-line statement's import). What
-- they mark is the same (migration 0011). PostgreSQL's marks are statement triggers already.
DROP TRIGGER bank_lines_dirty_ins;
CREATE TRIGGER bank_lines_dirty_ins AFTER INSERT ON bank_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_lines@' || NEW.import_id)
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_lines@' || NEW.import_id); END;
DROP TRIGGER balances_dirty_ins;
CREATE TRIGGER balances_dirty_ins AFTER INSERT ON balances
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'balances')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'balances'); END;
DROP TRIGGER balances_dirty_upd;
CREATE TRIGGER balances_dirty_upd AFTER UPDATE ON balances
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'balances')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'balances'); END;
DROP TRIGGER vouchers_dirty_ins;
CREATE TRIGGER vouchers_dirty_ins AFTER INSERT ON vouchers
WHEN NEW.status <> 'posted'
 AND NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'open_vouchers@' || NEW.period)
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'open_vouchers@' || NEW.period); END;
