-- Corrections (issue 14): drafts can be voided (作废: the number stays, with who/when/why), a closed
-- month or year can be reopened with a reason (the reopening is kept, the lock then goes), a voucher
-- file is remembered so it is not imported twice, a statement line can be linked to several
-- vouchers (and several lines to one), ignored with a reason, and an import undone; a paper
-- statement's closing balance can be entered.

ALTER TABLE vouchers DROP CONSTRAINT vouchers_status_check;
ALTER TABLE vouchers ADD CONSTRAINT vouchers_status_check CHECK (status IN ('draft', 'reviewed', 'posted', 'void'));
ALTER TABLE vouchers ADD COLUMN voided_by TEXT;
ALTER TABLE vouchers ADD COLUMN voided_at TEXT;
ALTER TABLE vouchers ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';

-- A voided voucher stays as it was voided, and no voucher is ever deleted: its number is kept.
CREATE FUNCTION gh_refuse_void_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'GH_IMMUTABLE: 凭证不能删除（草稿请作废，编号保留）';
    END IF;
    IF OLD.status = 'void' THEN
        RAISE EXCEPTION 'GH_IMMUTABLE: 已作废的凭证不能修改';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER vouchers_void BEFORE UPDATE OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_void_change();

-- Reopening a closed month or year (反结账 / 反年结): kept for good; the lock of a month may go only
-- once its reopening is recorded.
CREATE TABLE reopenings (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    id          BIGINT NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('month', 'year')),
    period      BIGINT NOT NULL,
    closed_by   TEXT NOT NULL,
    closed_at   TEXT NOT NULL,
    reopened_by TEXT NOT NULL,
    reopened_at TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE FUNCTION gh_refuse_reopening_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'GH_IMMUTABLE: 反结账记录不能修改或删除';
END $$;
CREATE TRIGGER reopenings_immutable BEFORE UPDATE OR DELETE ON reopenings
    FOR EACH ROW EXECUTE FUNCTION gh_refuse_reopening_change();
CREATE OR REPLACE FUNCTION gh_refuse_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM reopenings r WHERE r.org_id = OLD.org_id AND r.scope = 'month'
                   AND r.period = OLD.period AND r.closed_at = OLD.closed_at) THEN
        RAISE EXCEPTION 'GH_CLOSED: 已结账的月份只能经反结账（gonghui reopen）重新打开';
    END IF;
    RETURN OLD;
END $$;

-- Voucher files imported, by the fingerprint of their bytes.
CREATE TABLE voucher_files (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    id          BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    vouchers    BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, id)
);
CREATE INDEX voucher_files_fingerprint ON voucher_files (org_id, fingerprint);

-- A statement line linked to the vouchers that book it (one or several, and one voucher to
-- several lines). bank_lines.voucher_no keeps the first of them.
CREATE TABLE bank_links (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    account     TEXT NOT NULL,
    fingerprint BYTEA NOT NULL,
    voucher_no  TEXT NOT NULL,
    linked_by   TEXT NOT NULL,
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (org_id, account, fingerprint, voucher_no)
);
INSERT INTO bank_links (org_id, account, fingerprint, voucher_no, linked_by, linked_at)
    SELECT l.org_id, l.account, l.fingerprint, l.voucher_no, i.imported_by, i.imported_at
    FROM bank_lines l JOIN bank_imports i ON i.org_id = l.org_id AND i.id = l.import_id
    WHERE l.voucher_no <> '';
-- Lines set aside with a reason (a closed Alipay trade, a card statement imported by mistake).
CREATE TABLE bank_ignored (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    account     TEXT NOT NULL,
    fingerprint BYTEA NOT NULL,
    reason      TEXT NOT NULL,
    ignored_by  TEXT NOT NULL,
    ignored_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, account, fingerprint)
);
ALTER TABLE bank_imports ADD COLUMN undone_by TEXT;
ALTER TABLE bank_imports ADD COLUMN undone_at TEXT;
ALTER TABLE bank_imports ADD COLUMN undo_reason TEXT NOT NULL DEFAULT '';

-- The closing balance of a month's paper or PDF statement, entered by hand.
CREATE TABLE bank_statements (
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    account    TEXT NOT NULL,
    period     BIGINT NOT NULL,
    balance    BIGINT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (org_id, account, period)
);
