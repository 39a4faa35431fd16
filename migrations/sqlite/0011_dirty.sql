-- Dirty marks (issue 16): every change to a table the state log covers marks (union, table) here,
-- by trigger, whoever makes it. A write of the tool records the digests of the tables it marked and
-- clears the marks in the same transaction, so that recording a state costs what was written, not
-- the size of the books; a mark found when a write begins is a change made behind the tool's back,
-- and the write is refused. `verify` still recomputes every digest in full. Open vouchers are
-- marked by month and statement lines by import ('open_vouchers@202503', 'bank_lines@7'): those
-- two are digested part by part.
-- (The mark is inserted only when absent, not with INSERT OR IGNORE: an outer statement's conflict
-- clause, such as an upsert's, would override the trigger's.)

CREATE TABLE state_dirty (
    org_id BIGINT NOT NULL,
    tbl    TEXT NOT NULL,
    PRIMARY KEY (org_id, tbl)
) WITHOUT ROWID;

CREATE TRIGGER orgs_dirty_ins AFTER INSERT ON orgs
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.id, 'orgs' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.id AND tbl = 'orgs'); END;
CREATE TRIGGER orgs_dirty_upd AFTER UPDATE ON orgs
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.id, 'orgs' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.id AND tbl = 'orgs'); END;
CREATE TRIGGER orgs_dirty_del AFTER DELETE ON orgs
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.id, 'orgs' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.id AND tbl = 'orgs'); END;
CREATE TRIGGER settings_dirty_ins AFTER INSERT ON settings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'settings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'settings'); END;
CREATE TRIGGER settings_dirty_upd AFTER UPDATE ON settings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'settings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'settings'); END;
CREATE TRIGGER settings_dirty_del AFTER DELETE ON settings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'settings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'settings'); END;
CREATE TRIGGER events_dirty_ins AFTER INSERT ON events
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'events' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'events'); END;
CREATE TRIGGER events_dirty_upd AFTER UPDATE ON events
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'events' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'events'); END;
CREATE TRIGGER events_dirty_del AFTER DELETE ON events
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'events' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'events'); END;
CREATE TRIGGER accounts_dirty_ins AFTER INSERT ON accounts
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'accounts' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'accounts'); END;
CREATE TRIGGER accounts_dirty_upd AFTER UPDATE ON accounts
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'accounts' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'accounts'); END;
CREATE TRIGGER accounts_dirty_del AFTER DELETE ON accounts
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'accounts' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'accounts'); END;
CREATE TRIGGER activities_dirty_ins AFTER INSERT ON activities
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'activities' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'activities'); END;
CREATE TRIGGER activities_dirty_upd AFTER UPDATE ON activities
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'activities' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'activities'); END;
CREATE TRIGGER activities_dirty_del AFTER DELETE ON activities
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'activities' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'activities'); END;
CREATE TRIGGER voucher_seq_dirty_ins AFTER INSERT ON voucher_seq
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'voucher_seq' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_seq'); END;
CREATE TRIGGER voucher_seq_dirty_upd AFTER UPDATE ON voucher_seq
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'voucher_seq' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_seq'); END;
CREATE TRIGGER voucher_seq_dirty_del AFTER DELETE ON voucher_seq
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'voucher_seq' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'voucher_seq'); END;
CREATE TRIGGER vouchers_dirty_ins AFTER INSERT ON vouchers
WHEN NEW.status <> 'posted'
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'open_vouchers@' || NEW.period WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'open_vouchers@' || NEW.period); END;
CREATE TRIGGER vouchers_dirty_upd AFTER UPDATE ON vouchers
WHEN OLD.status <> 'posted' OR NEW.status <> 'posted'
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'open_vouchers@' || OLD.period WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'open_vouchers@' || OLD.period); INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'open_vouchers@' || NEW.period WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'open_vouchers@' || NEW.period); END;
CREATE TRIGGER vouchers_dirty_del AFTER DELETE ON vouchers
WHEN OLD.status <> 'posted'
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'open_vouchers@' || OLD.period WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'open_vouchers@' || OLD.period); END;
CREATE TRIGGER balances_dirty_ins AFTER INSERT ON balances
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'balances' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'balances'); END;
CREATE TRIGGER balances_dirty_upd AFTER UPDATE ON balances
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'balances' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'balances'); END;
CREATE TRIGGER balances_dirty_del AFTER DELETE ON balances
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'balances' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'balances'); END;
CREATE TRIGGER closed_periods_dirty_ins AFTER INSERT ON closed_periods
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'closed_periods' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'closed_periods'); END;
CREATE TRIGGER closed_periods_dirty_upd AFTER UPDATE ON closed_periods
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'closed_periods' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'closed_periods'); END;
CREATE TRIGGER closed_periods_dirty_del AFTER DELETE ON closed_periods
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'closed_periods' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'closed_periods'); END;
CREATE TRIGGER reopenings_dirty_ins AFTER INSERT ON reopenings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'reopenings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'reopenings'); END;
CREATE TRIGGER reopenings_dirty_upd AFTER UPDATE ON reopenings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'reopenings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'reopenings'); END;
CREATE TRIGGER reopenings_dirty_del AFTER DELETE ON reopenings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'reopenings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'reopenings'); END;
CREATE TRIGGER payroll_dirty_ins AFTER INSERT ON payroll
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'payroll' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll'); END;
CREATE TRIGGER payroll_dirty_upd AFTER UPDATE ON payroll
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'payroll' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll'); END;
CREATE TRIGGER payroll_dirty_del AFTER DELETE ON payroll
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'payroll' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'payroll'); END;
CREATE TRIGGER payroll_changes_dirty_ins AFTER INSERT ON payroll_changes
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'payroll_changes' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll_changes'); END;
CREATE TRIGGER payroll_changes_dirty_upd AFTER UPDATE ON payroll_changes
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'payroll_changes' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll_changes'); END;
CREATE TRIGGER payroll_changes_dirty_del AFTER DELETE ON payroll_changes
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'payroll_changes' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'payroll_changes'); END;
CREATE TRIGGER allocation_settings_dirty_ins AFTER INSERT ON allocation_settings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'allocation_settings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'allocation_settings'); END;
CREATE TRIGGER allocation_settings_dirty_upd AFTER UPDATE ON allocation_settings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'allocation_settings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'allocation_settings'); END;
CREATE TRIGGER allocation_settings_dirty_del AFTER DELETE ON allocation_settings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'allocation_settings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'allocation_settings'); END;
CREATE TRIGGER budget_versions_dirty_ins AFTER INSERT ON budget_versions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'budget_versions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_versions'); END;
CREATE TRIGGER budget_versions_dirty_upd AFTER UPDATE ON budget_versions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'budget_versions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_versions'); END;
CREATE TRIGGER budget_versions_dirty_del AFTER DELETE ON budget_versions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'budget_versions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'budget_versions'); END;
CREATE TRIGGER budget_lines_dirty_ins AFTER INSERT ON budget_lines
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'budget_lines' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_lines'); END;
CREATE TRIGGER budget_lines_dirty_upd AFTER UPDATE ON budget_lines
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'budget_lines' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_lines'); END;
CREATE TRIGGER budget_lines_dirty_del AFTER DELETE ON budget_lines
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'budget_lines' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'budget_lines'); END;
CREATE TRIGGER assets_dirty_ins AFTER INSERT ON assets
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'assets' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'assets'); END;
CREATE TRIGGER assets_dirty_upd AFTER UPDATE ON assets
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'assets' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'assets'); END;
CREATE TRIGGER assets_dirty_del AFTER DELETE ON assets
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'assets' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'assets'); END;
CREATE TRIGGER depreciation_runs_dirty_ins AFTER INSERT ON depreciation_runs
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'depreciation_runs' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'depreciation_runs'); END;
CREATE TRIGGER depreciation_runs_dirty_upd AFTER UPDATE ON depreciation_runs
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'depreciation_runs' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'depreciation_runs'); END;
CREATE TRIGGER depreciation_runs_dirty_del AFTER DELETE ON depreciation_runs
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'depreciation_runs' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'depreciation_runs'); END;
CREATE TRIGGER bank_imports_dirty_ins AFTER INSERT ON bank_imports
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_imports' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_imports'); END;
CREATE TRIGGER bank_imports_dirty_upd AFTER UPDATE ON bank_imports
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_imports' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_imports'); END;
CREATE TRIGGER bank_imports_dirty_del AFTER DELETE ON bank_imports
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_imports' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_imports'); END;
CREATE TRIGGER bank_lines_dirty_ins AFTER INSERT ON bank_lines
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_lines@' || NEW.import_id WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_lines@' || NEW.import_id); END;
CREATE TRIGGER bank_lines_dirty_upd AFTER UPDATE ON bank_lines
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_lines@' || OLD.import_id WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_lines@' || OLD.import_id); INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_lines@' || NEW.import_id WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_lines@' || NEW.import_id); END;
CREATE TRIGGER bank_lines_dirty_del AFTER DELETE ON bank_lines
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_lines@' || OLD.import_id WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_lines@' || OLD.import_id); END;
CREATE TRIGGER bank_links_dirty_ins AFTER INSERT ON bank_links
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_links' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_links'); END;
CREATE TRIGGER bank_links_dirty_upd AFTER UPDATE ON bank_links
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_links' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_links'); END;
CREATE TRIGGER bank_links_dirty_del AFTER DELETE ON bank_links
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_links' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_links'); END;
CREATE TRIGGER bank_booked_dirty_ins AFTER INSERT ON bank_booked
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_booked' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_booked'); END;
CREATE TRIGGER bank_booked_dirty_upd AFTER UPDATE ON bank_booked
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_booked' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_booked'); END;
CREATE TRIGGER bank_booked_dirty_del AFTER DELETE ON bank_booked
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_booked' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_booked'); END;
CREATE TRIGGER bank_ignored_dirty_ins AFTER INSERT ON bank_ignored
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_ignored' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_ignored'); END;
CREATE TRIGGER bank_ignored_dirty_upd AFTER UPDATE ON bank_ignored
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_ignored' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_ignored'); END;
CREATE TRIGGER bank_ignored_dirty_del AFTER DELETE ON bank_ignored
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_ignored' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_ignored'); END;
CREATE TRIGGER bank_statements_dirty_ins AFTER INSERT ON bank_statements
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_statements' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_statements'); END;
CREATE TRIGGER bank_statements_dirty_upd AFTER UPDATE ON bank_statements
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'bank_statements' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_statements'); END;
CREATE TRIGGER bank_statements_dirty_del AFTER DELETE ON bank_statements
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'bank_statements' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_statements'); END;
CREATE TRIGGER members_dirty_ins AFTER INSERT ON members
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'members' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'members'); END;
CREATE TRIGGER members_dirty_upd AFTER UPDATE ON members
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'members' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'members'); END;
CREATE TRIGGER members_dirty_del AFTER DELETE ON members
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'members' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'members'); END;
CREATE TRIGGER benefits_dirty_ins AFTER INSERT ON benefits
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'benefits' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'benefits'); END;
CREATE TRIGGER benefits_dirty_upd AFTER UPDATE ON benefits
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'benefits' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'benefits'); END;
CREATE TRIGGER benefits_dirty_del AFTER DELETE ON benefits
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'benefits' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'benefits'); END;
CREATE TRIGGER audit_findings_dirty_ins AFTER INSERT ON audit_findings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_findings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_findings'); END;
CREATE TRIGGER audit_findings_dirty_upd AFTER UPDATE ON audit_findings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_findings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_findings'); END;
CREATE TRIGGER audit_findings_dirty_del AFTER DELETE ON audit_findings
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'audit_findings' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'audit_findings'); END;
CREATE TRIGGER audit_dispositions_dirty_ins AFTER INSERT ON audit_dispositions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_dispositions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_dispositions'); END;
CREATE TRIGGER audit_dispositions_dirty_upd AFTER UPDATE ON audit_dispositions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'audit_dispositions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_dispositions'); END;
CREATE TRIGGER audit_dispositions_dirty_del AFTER DELETE ON audit_dispositions
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'audit_dispositions' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'audit_dispositions'); END;
CREATE TRIGGER voucher_files_dirty_ins AFTER INSERT ON voucher_files
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'voucher_files' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_files'); END;
CREATE TRIGGER voucher_files_dirty_upd AFTER UPDATE ON voucher_files
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT NEW.org_id, 'voucher_files' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_files'); END;
CREATE TRIGGER voucher_files_dirty_del AFTER DELETE ON voucher_files
BEGIN INSERT INTO state_dirty (org_id, tbl) SELECT OLD.org_id, 'voucher_files' WHERE NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'voucher_files'); END;
