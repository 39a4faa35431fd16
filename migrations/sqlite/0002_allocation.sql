-- The 2% allocation and dues: payroll per month, settings per year, and the record of replaced
-- payroll months. Allocation receipts are vouchers whose source_ref is allocation/KIND/YYYY-MM.

CREATE TABLE payroll (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    period      BIGINT NOT NULL,
    wage_bill   BIGINT NOT NULL,
    headcount   BIGINT NOT NULL,
    members     BIGINT NOT NULL,
    dues_base   BIGINT NOT NULL,
    source      TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (org_id, period)
);

CREATE TABLE payroll_changes (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    period      BIGINT NOT NULL,
    changed_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    old_values  TEXT NOT NULL,
    new_values  TEXT NOT NULL,
    source      TEXT NOT NULL,
    PRIMARY KEY (org_id, period, changed_at)
);

CREATE TABLE allocation_settings (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    year       BIGINT NOT NULL,
    mode       TEXT NOT NULL,
    rate       TEXT NOT NULL,
    retention  TEXT NOT NULL,
    upward     TEXT NOT NULL,
    tax_fee    TEXT NOT NULL,
    dues_rate  TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (org_id, year)
);
