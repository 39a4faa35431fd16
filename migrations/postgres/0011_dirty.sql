-- Dirty marks (issue 16): every change to a table the state log covers marks (union, table) here,
-- by statement trigger (over the transition table), whoever makes it. A write of the tool records the digests of the tables it marked and
-- clears the marks in the same transaction, so that recording a state costs what was written, not
-- the size of the books; a mark found when a write begins is a change made behind the tool's back,
-- and the write is refused. `verify` still recomputes every digest in full. Open vouchers are
-- marked by month and statement lines by import ('open_vouchers@202503', 'bank_lines@7'): those
-- two are digested part by part.

CREATE TABLE state_dirty (
    org_id BIGINT NOT NULL,
    tbl    TEXT NOT NULL,
    PRIMARY KEY (org_id, tbl)
);

CREATE FUNCTION gh_dirty_orgs() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT id, 'orgs' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT id, 'orgs' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT id, 'orgs' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER orgs_dirty_ins AFTER INSERT ON orgs REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_orgs();
CREATE TRIGGER orgs_dirty_upd AFTER UPDATE ON orgs REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_orgs();
CREATE TRIGGER orgs_dirty_del AFTER DELETE ON orgs REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_orgs();
CREATE FUNCTION gh_dirty_settings() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'settings' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'settings' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'settings' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER settings_dirty_ins AFTER INSERT ON settings REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_settings();
CREATE TRIGGER settings_dirty_upd AFTER UPDATE ON settings REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_settings();
CREATE TRIGGER settings_dirty_del AFTER DELETE ON settings REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_settings();
CREATE FUNCTION gh_dirty_events() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'events' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'events' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'events' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_dirty_ins AFTER INSERT ON events REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_events();
CREATE TRIGGER events_dirty_upd AFTER UPDATE ON events REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_events();
CREATE TRIGGER events_dirty_del AFTER DELETE ON events REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_events();
CREATE FUNCTION gh_dirty_accounts() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'accounts' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'accounts' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'accounts' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_dirty_ins AFTER INSERT ON accounts REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_accounts();
CREATE TRIGGER accounts_dirty_upd AFTER UPDATE ON accounts REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_accounts();
CREATE TRIGGER accounts_dirty_del AFTER DELETE ON accounts REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_accounts();
CREATE FUNCTION gh_dirty_activities() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'activities' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'activities' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'activities' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER activities_dirty_ins AFTER INSERT ON activities REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_activities();
CREATE TRIGGER activities_dirty_upd AFTER UPDATE ON activities REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_activities();
CREATE TRIGGER activities_dirty_del AFTER DELETE ON activities REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_activities();
CREATE FUNCTION gh_dirty_voucher_seq() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'voucher_seq' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'voucher_seq' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'voucher_seq' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER voucher_seq_dirty_ins AFTER INSERT ON voucher_seq REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_voucher_seq();
CREATE TRIGGER voucher_seq_dirty_upd AFTER UPDATE ON voucher_seq REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_voucher_seq();
CREATE TRIGGER voucher_seq_dirty_del AFTER DELETE ON voucher_seq REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_voucher_seq();
CREATE FUNCTION gh_dirty_vouchers() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'open_vouchers@' || period FROM n WHERE status <> 'posted' ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT org_id, 'open_vouchers@' || period FROM n WHERE status <> 'posted' UNION SELECT org_id, 'open_vouchers@' || period FROM o WHERE status <> 'posted' ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'open_vouchers@' || period FROM o WHERE status <> 'posted' ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER vouchers_dirty_ins AFTER INSERT ON vouchers REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_vouchers();
CREATE TRIGGER vouchers_dirty_upd AFTER UPDATE ON vouchers REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_vouchers();
CREATE TRIGGER vouchers_dirty_del AFTER DELETE ON vouchers REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_vouchers();
CREATE FUNCTION gh_dirty_balances() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'balances' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'balances' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'balances' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER balances_dirty_ins AFTER INSERT ON balances REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_balances();
CREATE TRIGGER balances_dirty_upd AFTER UPDATE ON balances REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_balances();
CREATE TRIGGER balances_dirty_del AFTER DELETE ON balances REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_balances();
CREATE FUNCTION gh_dirty_closed_periods() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'closed_periods' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'closed_periods' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'closed_periods' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER closed_periods_dirty_ins AFTER INSERT ON closed_periods REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_closed_periods();
CREATE TRIGGER closed_periods_dirty_upd AFTER UPDATE ON closed_periods REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_closed_periods();
CREATE TRIGGER closed_periods_dirty_del AFTER DELETE ON closed_periods REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_closed_periods();
CREATE FUNCTION gh_dirty_reopenings() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'reopenings' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'reopenings' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'reopenings' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reopenings_dirty_ins AFTER INSERT ON reopenings REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_reopenings();
CREATE TRIGGER reopenings_dirty_upd AFTER UPDATE ON reopenings REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_reopenings();
CREATE TRIGGER reopenings_dirty_del AFTER DELETE ON reopenings REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_reopenings();
CREATE FUNCTION gh_dirty_payroll() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'payroll' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'payroll' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'payroll' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER payroll_dirty_ins AFTER INSERT ON payroll REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_payroll();
CREATE TRIGGER payroll_dirty_upd AFTER UPDATE ON payroll REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_payroll();
CREATE TRIGGER payroll_dirty_del AFTER DELETE ON payroll REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_payroll();
CREATE FUNCTION gh_dirty_payroll_changes() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'payroll_changes' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'payroll_changes' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'payroll_changes' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER payroll_changes_dirty_ins AFTER INSERT ON payroll_changes REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_payroll_changes();
CREATE TRIGGER payroll_changes_dirty_upd AFTER UPDATE ON payroll_changes REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_payroll_changes();
CREATE TRIGGER payroll_changes_dirty_del AFTER DELETE ON payroll_changes REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_payroll_changes();
CREATE FUNCTION gh_dirty_allocation_settings() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'allocation_settings' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'allocation_settings' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'allocation_settings' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER allocation_settings_dirty_ins AFTER INSERT ON allocation_settings REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_allocation_settings();
CREATE TRIGGER allocation_settings_dirty_upd AFTER UPDATE ON allocation_settings REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_allocation_settings();
CREATE TRIGGER allocation_settings_dirty_del AFTER DELETE ON allocation_settings REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_allocation_settings();
CREATE FUNCTION gh_dirty_budget_versions() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'budget_versions' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'budget_versions' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'budget_versions' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER budget_versions_dirty_ins AFTER INSERT ON budget_versions REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_budget_versions();
CREATE TRIGGER budget_versions_dirty_upd AFTER UPDATE ON budget_versions REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_budget_versions();
CREATE TRIGGER budget_versions_dirty_del AFTER DELETE ON budget_versions REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_budget_versions();
CREATE FUNCTION gh_dirty_budget_lines() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'budget_lines' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'budget_lines' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'budget_lines' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER budget_lines_dirty_ins AFTER INSERT ON budget_lines REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_budget_lines();
CREATE TRIGGER budget_lines_dirty_upd AFTER UPDATE ON budget_lines REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_budget_lines();
CREATE TRIGGER budget_lines_dirty_del AFTER DELETE ON budget_lines REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_budget_lines();
CREATE FUNCTION gh_dirty_assets() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'assets' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'assets' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'assets' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assets_dirty_ins AFTER INSERT ON assets REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_assets();
CREATE TRIGGER assets_dirty_upd AFTER UPDATE ON assets REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_assets();
CREATE TRIGGER assets_dirty_del AFTER DELETE ON assets REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_assets();
CREATE FUNCTION gh_dirty_depreciation_runs() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'depreciation_runs' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'depreciation_runs' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'depreciation_runs' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER depreciation_runs_dirty_ins AFTER INSERT ON depreciation_runs REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_depreciation_runs();
CREATE TRIGGER depreciation_runs_dirty_upd AFTER UPDATE ON depreciation_runs REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_depreciation_runs();
CREATE TRIGGER depreciation_runs_dirty_del AFTER DELETE ON depreciation_runs REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_depreciation_runs();
CREATE FUNCTION gh_dirty_bank_imports() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_imports' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_imports' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_imports' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bank_imports_dirty_ins AFTER INSERT ON bank_imports REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_imports();
CREATE TRIGGER bank_imports_dirty_upd AFTER UPDATE ON bank_imports REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_imports();
CREATE TRIGGER bank_imports_dirty_del AFTER DELETE ON bank_imports REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_imports();
CREATE FUNCTION gh_dirty_bank_lines() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_lines@' || import_id FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT org_id, 'bank_lines@' || import_id FROM n UNION SELECT org_id, 'bank_lines@' || import_id FROM o ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_lines@' || import_id FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bank_lines_dirty_ins AFTER INSERT ON bank_lines REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_lines();
CREATE TRIGGER bank_lines_dirty_upd AFTER UPDATE ON bank_lines REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_lines();
CREATE TRIGGER bank_lines_dirty_del AFTER DELETE ON bank_lines REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_lines();
CREATE FUNCTION gh_dirty_bank_links() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_links' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_links' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_links' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bank_links_dirty_ins AFTER INSERT ON bank_links REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_links();
CREATE TRIGGER bank_links_dirty_upd AFTER UPDATE ON bank_links REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_links();
CREATE TRIGGER bank_links_dirty_del AFTER DELETE ON bank_links REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_links();
CREATE FUNCTION gh_dirty_bank_booked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_booked' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_booked' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_booked' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bank_booked_dirty_ins AFTER INSERT ON bank_booked REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_booked();
CREATE TRIGGER bank_booked_dirty_upd AFTER UPDATE ON bank_booked REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_booked();
CREATE TRIGGER bank_booked_dirty_del AFTER DELETE ON bank_booked REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_booked();
CREATE FUNCTION gh_dirty_bank_ignored() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_ignored' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_ignored' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_ignored' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bank_ignored_dirty_ins AFTER INSERT ON bank_ignored REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_ignored();
CREATE TRIGGER bank_ignored_dirty_upd AFTER UPDATE ON bank_ignored REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_ignored();
CREATE TRIGGER bank_ignored_dirty_del AFTER DELETE ON bank_ignored REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_ignored();
CREATE FUNCTION gh_dirty_bank_statements() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_statements' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_statements' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'bank_statements' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bank_statements_dirty_ins AFTER INSERT ON bank_statements REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_statements();
CREATE TRIGGER bank_statements_dirty_upd AFTER UPDATE ON bank_statements REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_statements();
CREATE TRIGGER bank_statements_dirty_del AFTER DELETE ON bank_statements REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_bank_statements();
CREATE FUNCTION gh_dirty_members() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'members' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'members' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'members' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER members_dirty_ins AFTER INSERT ON members REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_members();
CREATE TRIGGER members_dirty_upd AFTER UPDATE ON members REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_members();
CREATE TRIGGER members_dirty_del AFTER DELETE ON members REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_members();
CREATE FUNCTION gh_dirty_benefits() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'benefits' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'benefits' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'benefits' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER benefits_dirty_ins AFTER INSERT ON benefits REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_benefits();
CREATE TRIGGER benefits_dirty_upd AFTER UPDATE ON benefits REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_benefits();
CREATE TRIGGER benefits_dirty_del AFTER DELETE ON benefits REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_benefits();
CREATE FUNCTION gh_dirty_audit_findings() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_findings' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_findings' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_findings' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_findings_dirty_ins AFTER INSERT ON audit_findings REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_findings();
CREATE TRIGGER audit_findings_dirty_upd AFTER UPDATE ON audit_findings REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_findings();
CREATE TRIGGER audit_findings_dirty_del AFTER DELETE ON audit_findings REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_findings();
CREATE FUNCTION gh_dirty_audit_dispositions() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_dispositions' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_dispositions' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'audit_dispositions' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_dispositions_dirty_ins AFTER INSERT ON audit_dispositions REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_dispositions();
CREATE TRIGGER audit_dispositions_dirty_upd AFTER UPDATE ON audit_dispositions REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_dispositions();
CREATE TRIGGER audit_dispositions_dirty_del AFTER DELETE ON audit_dispositions REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_audit_dispositions();
CREATE FUNCTION gh_dirty_voucher_files() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'voucher_files' FROM n ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'voucher_files' FROM n ON CONFLICT DO NOTHING;
    ELSE INSERT INTO state_dirty (org_id, tbl) SELECT DISTINCT org_id, 'voucher_files' FROM o ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER voucher_files_dirty_ins AFTER INSERT ON voucher_files REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_voucher_files();
CREATE TRIGGER voucher_files_dirty_upd AFTER UPDATE ON voucher_files REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_voucher_files();
CREATE TRIGGER voucher_files_dirty_del AFTER DELETE ON voucher_files REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION gh_dirty_voucher_files();
