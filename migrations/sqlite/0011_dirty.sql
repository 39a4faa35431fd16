-- Dirty marks (issue 16): every change to a table the state log covers marks (union, table) here,
-- by trigger, whoever makes it. A write of the tool records the digests of the tables it marked and
-- clears the marks in the same transaction, so that recording a state costs what was written, not
-- the size of the books; a mark found when a write begins is a change made behind the tool's back,
-- and the write is refused. `verify` still recomputes every digest in full.
-- (The mark is inserted only when absent, not with INSERT OR IGNORE: an outer statement's conflict
-- clause, such as an upsert's, would override the trigger's.)

CREATE TABLE state_dirty (
    org_id BIGINT NOT NULL,
    tbl    TEXT NOT NULL,
    PRIMARY KEY (org_id, tbl)
) WITHOUT ROWID;

CREATE TRIGGER orgs_dirty_ins AFTER INSERT ON orgs
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.id AND tbl = 'orgs')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.id, 'orgs'); END;
CREATE TRIGGER orgs_dirty_upd AFTER UPDATE ON orgs
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.id AND tbl = 'orgs')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.id, 'orgs'); END;
CREATE TRIGGER orgs_dirty_del AFTER DELETE ON orgs
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.id AND tbl = 'orgs')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.id, 'orgs'); END;
CREATE TRIGGER settings_dirty_ins AFTER INSERT ON settings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'settings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'settings'); END;
CREATE TRIGGER settings_dirty_upd AFTER UPDATE ON settings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'settings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'settings'); END;
CREATE TRIGGER settings_dirty_del AFTER DELETE ON settings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'settings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'settings'); END;
CREATE TRIGGER events_dirty_ins AFTER INSERT ON events
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'events')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'events'); END;
CREATE TRIGGER events_dirty_upd AFTER UPDATE ON events
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'events')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'events'); END;
CREATE TRIGGER events_dirty_del AFTER DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'events')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'events'); END;
CREATE TRIGGER accounts_dirty_ins AFTER INSERT ON accounts
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'accounts')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'accounts'); END;
CREATE TRIGGER accounts_dirty_upd AFTER UPDATE ON accounts
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'accounts')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'accounts'); END;
CREATE TRIGGER accounts_dirty_del AFTER DELETE ON accounts
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'accounts')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'accounts'); END;
CREATE TRIGGER activities_dirty_ins AFTER INSERT ON activities
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'activities')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'activities'); END;
CREATE TRIGGER activities_dirty_upd AFTER UPDATE ON activities
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'activities')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'activities'); END;
CREATE TRIGGER activities_dirty_del AFTER DELETE ON activities
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'activities')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'activities'); END;
CREATE TRIGGER voucher_seq_dirty_ins AFTER INSERT ON voucher_seq
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_seq')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'voucher_seq'); END;
CREATE TRIGGER voucher_seq_dirty_upd AFTER UPDATE ON voucher_seq
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_seq')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'voucher_seq'); END;
CREATE TRIGGER voucher_seq_dirty_del AFTER DELETE ON voucher_seq
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'voucher_seq')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'voucher_seq'); END;
CREATE TRIGGER vouchers_dirty_ins AFTER INSERT ON vouchers
WHEN (NEW.status <> 'posted') AND NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'open_vouchers')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'open_vouchers'); END;
CREATE TRIGGER vouchers_dirty_upd AFTER UPDATE ON vouchers
WHEN (OLD.status <> 'posted' OR NEW.status <> 'posted') AND NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'open_vouchers')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'open_vouchers'); END;
CREATE TRIGGER vouchers_dirty_del AFTER DELETE ON vouchers
WHEN (OLD.status <> 'posted') AND NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'open_vouchers')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'open_vouchers'); END;
CREATE TRIGGER balances_dirty_ins AFTER INSERT ON balances
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'balances')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'balances'); END;
CREATE TRIGGER balances_dirty_upd AFTER UPDATE ON balances
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'balances')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'balances'); END;
CREATE TRIGGER balances_dirty_del AFTER DELETE ON balances
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'balances')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'balances'); END;
CREATE TRIGGER closed_periods_dirty_ins AFTER INSERT ON closed_periods
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'closed_periods')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'closed_periods'); END;
CREATE TRIGGER closed_periods_dirty_upd AFTER UPDATE ON closed_periods
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'closed_periods')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'closed_periods'); END;
CREATE TRIGGER closed_periods_dirty_del AFTER DELETE ON closed_periods
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'closed_periods')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'closed_periods'); END;
CREATE TRIGGER reopenings_dirty_ins AFTER INSERT ON reopenings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'reopenings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'reopenings'); END;
CREATE TRIGGER reopenings_dirty_upd AFTER UPDATE ON reopenings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'reopenings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'reopenings'); END;
CREATE TRIGGER reopenings_dirty_del AFTER DELETE ON reopenings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'reopenings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'reopenings'); END;
CREATE TRIGGER payroll_dirty_ins AFTER INSERT ON payroll
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'payroll'); END;
CREATE TRIGGER payroll_dirty_upd AFTER UPDATE ON payroll
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'payroll'); END;
CREATE TRIGGER payroll_dirty_del AFTER DELETE ON payroll
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'payroll')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'payroll'); END;
CREATE TRIGGER payroll_changes_dirty_ins AFTER INSERT ON payroll_changes
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll_changes')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'payroll_changes'); END;
CREATE TRIGGER payroll_changes_dirty_upd AFTER UPDATE ON payroll_changes
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'payroll_changes')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'payroll_changes'); END;
CREATE TRIGGER payroll_changes_dirty_del AFTER DELETE ON payroll_changes
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'payroll_changes')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'payroll_changes'); END;
CREATE TRIGGER allocation_settings_dirty_ins AFTER INSERT ON allocation_settings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'allocation_settings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'allocation_settings'); END;
CREATE TRIGGER allocation_settings_dirty_upd AFTER UPDATE ON allocation_settings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'allocation_settings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'allocation_settings'); END;
CREATE TRIGGER allocation_settings_dirty_del AFTER DELETE ON allocation_settings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'allocation_settings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'allocation_settings'); END;
CREATE TRIGGER budget_versions_dirty_ins AFTER INSERT ON budget_versions
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_versions')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'budget_versions'); END;
CREATE TRIGGER budget_versions_dirty_upd AFTER UPDATE ON budget_versions
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_versions')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'budget_versions'); END;
CREATE TRIGGER budget_versions_dirty_del AFTER DELETE ON budget_versions
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'budget_versions')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'budget_versions'); END;
CREATE TRIGGER budget_lines_dirty_ins AFTER INSERT ON budget_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_lines')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'budget_lines'); END;
CREATE TRIGGER budget_lines_dirty_upd AFTER UPDATE ON budget_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'budget_lines')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'budget_lines'); END;
CREATE TRIGGER budget_lines_dirty_del AFTER DELETE ON budget_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'budget_lines')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'budget_lines'); END;
CREATE TRIGGER assets_dirty_ins AFTER INSERT ON assets
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'assets')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'assets'); END;
CREATE TRIGGER assets_dirty_upd AFTER UPDATE ON assets
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'assets')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'assets'); END;
CREATE TRIGGER assets_dirty_del AFTER DELETE ON assets
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'assets')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'assets'); END;
CREATE TRIGGER depreciation_runs_dirty_ins AFTER INSERT ON depreciation_runs
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'depreciation_runs')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'depreciation_runs'); END;
CREATE TRIGGER depreciation_runs_dirty_upd AFTER UPDATE ON depreciation_runs
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'depreciation_runs')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'depreciation_runs'); END;
CREATE TRIGGER depreciation_runs_dirty_del AFTER DELETE ON depreciation_runs
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'depreciation_runs')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'depreciation_runs'); END;
CREATE TRIGGER bank_imports_dirty_ins AFTER INSERT ON bank_imports
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_imports')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_imports'); END;
CREATE TRIGGER bank_imports_dirty_upd AFTER UPDATE ON bank_imports
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_imports')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_imports'); END;
CREATE TRIGGER bank_imports_dirty_del AFTER DELETE ON bank_imports
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_imports')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'bank_imports'); END;
CREATE TRIGGER bank_lines_dirty_ins AFTER INSERT ON bank_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_lines')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_lines'); END;
CREATE TRIGGER bank_lines_dirty_upd AFTER UPDATE ON bank_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_lines')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_lines'); END;
CREATE TRIGGER bank_lines_dirty_del AFTER DELETE ON bank_lines
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_lines')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'bank_lines'); END;
CREATE TRIGGER bank_links_dirty_ins AFTER INSERT ON bank_links
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_links')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_links'); END;
CREATE TRIGGER bank_links_dirty_upd AFTER UPDATE ON bank_links
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_links')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_links'); END;
CREATE TRIGGER bank_links_dirty_del AFTER DELETE ON bank_links
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_links')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'bank_links'); END;
CREATE TRIGGER bank_booked_dirty_ins AFTER INSERT ON bank_booked
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_booked')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_booked'); END;
CREATE TRIGGER bank_booked_dirty_upd AFTER UPDATE ON bank_booked
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_booked')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_booked'); END;
CREATE TRIGGER bank_booked_dirty_del AFTER DELETE ON bank_booked
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_booked')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'bank_booked'); END;
CREATE TRIGGER bank_ignored_dirty_ins AFTER INSERT ON bank_ignored
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_ignored')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_ignored'); END;
CREATE TRIGGER bank_ignored_dirty_upd AFTER UPDATE ON bank_ignored
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_ignored')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_ignored'); END;
CREATE TRIGGER bank_ignored_dirty_del AFTER DELETE ON bank_ignored
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_ignored')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'bank_ignored'); END;
CREATE TRIGGER bank_statements_dirty_ins AFTER INSERT ON bank_statements
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_statements')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_statements'); END;
CREATE TRIGGER bank_statements_dirty_upd AFTER UPDATE ON bank_statements
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'bank_statements')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'bank_statements'); END;
CREATE TRIGGER bank_statements_dirty_del AFTER DELETE ON bank_statements
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'bank_statements')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'bank_statements'); END;
CREATE TRIGGER members_dirty_ins AFTER INSERT ON members
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'members')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'members'); END;
CREATE TRIGGER members_dirty_upd AFTER UPDATE ON members
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'members')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'members'); END;
CREATE TRIGGER members_dirty_del AFTER DELETE ON members
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'members')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'members'); END;
CREATE TRIGGER benefits_dirty_ins AFTER INSERT ON benefits
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'benefits')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'benefits'); END;
CREATE TRIGGER benefits_dirty_upd AFTER UPDATE ON benefits
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'benefits')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'benefits'); END;
CREATE TRIGGER benefits_dirty_del AFTER DELETE ON benefits
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'benefits')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'benefits'); END;
CREATE TRIGGER audit_findings_dirty_ins AFTER INSERT ON audit_findings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_findings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'audit_findings'); END;
CREATE TRIGGER audit_findings_dirty_upd AFTER UPDATE ON audit_findings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_findings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'audit_findings'); END;
CREATE TRIGGER audit_findings_dirty_del AFTER DELETE ON audit_findings
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'audit_findings')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'audit_findings'); END;
CREATE TRIGGER audit_dispositions_dirty_ins AFTER INSERT ON audit_dispositions
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_dispositions')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'audit_dispositions'); END;
CREATE TRIGGER audit_dispositions_dirty_upd AFTER UPDATE ON audit_dispositions
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'audit_dispositions')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'audit_dispositions'); END;
CREATE TRIGGER audit_dispositions_dirty_del AFTER DELETE ON audit_dispositions
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'audit_dispositions')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'audit_dispositions'); END;
CREATE TRIGGER voucher_files_dirty_ins AFTER INSERT ON voucher_files
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_files')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'voucher_files'); END;
CREATE TRIGGER voucher_files_dirty_upd AFTER UPDATE ON voucher_files
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = NEW.org_id AND tbl = 'voucher_files')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (NEW.org_id, 'voucher_files'); END;
CREATE TRIGGER voucher_files_dirty_del AFTER DELETE ON voucher_files
WHEN NOT EXISTS (SELECT 1 FROM state_dirty WHERE org_id = OLD.org_id AND tbl = 'voucher_files')
BEGIN INSERT INTO state_dirty (org_id, tbl) VALUES (OLD.org_id, 'voucher_files'); END;
