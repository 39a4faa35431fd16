-- Corrections (issue 14): drafts can be voided (作废: the number stays, with who/when/why), a closed
-- month or year can be reopened with a reason (the reopening is kept, the lock then goes), a voucher
-- file is remembered so it is not imported twice, a statement line can be linked to several
-- vouchers (and several lines to one), ignored with a reason, and an import undone; a paper
-- statement's closing balance can be entered.

-- SQLite cannot change a CHECK constraint: the vouchers table is rebuilt with 'void' allowed.
DROP TRIGGER entries_posted_del;
CREATE TABLE vouchers_new (
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    id            BIGINT NOT NULL,
    period        BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    no            TEXT NOT NULL,
    date          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    attachments   BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted', 'void')),
    source_kind   TEXT NOT NULL,
    source_ref    TEXT NOT NULL DEFAULT '',
    decision_ref  TEXT NOT NULL DEFAULT '',
    reverses      BIGINT,
    prepared_by   TEXT NOT NULL,
    prepared_at   TEXT NOT NULL,
    reviewed_by   TEXT,
    reviewed_at   TEXT,
    review_waived BOOLEAN NOT NULL DEFAULT FALSE,
    posted_by     TEXT,
    posted_at     TEXT,
    chain_seq     BIGINT,
    prev_hash     TEXT,
    hash          TEXT,
    voided_by     TEXT,
    voided_at     TEXT,
    void_reason   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, period, seq)
);
INSERT INTO vouchers_new (org_id, id, period, seq, no, date, summary, attachments, status, source_kind, source_ref,
                          decision_ref, reverses, prepared_by, prepared_at, reviewed_by, reviewed_at, review_waived,
                          posted_by, posted_at, chain_seq, prev_hash, hash)
    SELECT org_id, id, period, seq, no, date, summary, attachments, status, source_kind, source_ref,
           decision_ref, reverses, prepared_by, prepared_at, reviewed_by, reviewed_at, review_waived,
           posted_by, posted_at, chain_seq, prev_hash, hash FROM vouchers;
DROP TABLE vouchers;
ALTER TABLE vouchers_new RENAME TO vouchers;
CREATE INDEX vouchers_chain ON vouchers (org_id, chain_seq);
CREATE INDEX vouchers_reverses ON vouchers (org_id, reverses) WHERE reverses IS NOT NULL;

CREATE TRIGGER vouchers_closed_ins BEFORE INSERT ON vouchers
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = NEW.org_id AND c.period = NEW.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能再写入凭证'); END;
CREATE TRIGGER vouchers_closed_upd BEFORE UPDATE ON vouchers
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period IN (OLD.period, NEW.period))
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能再修改凭证'); END;
CREATE TRIGGER vouchers_closed_del BEFORE DELETE ON vouchers
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period = OLD.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能删除凭证'); END;
CREATE TRIGGER vouchers_posted_upd BEFORE UPDATE ON vouchers
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已记账凭证不能修改，请用红字冲销更正'); END;
CREATE TRIGGER vouchers_posted_del BEFORE DELETE ON vouchers
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已记账凭证不能删除，请用红字冲销更正'); END;
-- A voided voucher stays as it was voided, and no voucher is ever deleted: its number is kept.
CREATE TRIGGER vouchers_void_upd BEFORE UPDATE ON vouchers
WHEN OLD.status = 'void'
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已作废的凭证不能修改'); END;
CREATE TRIGGER vouchers_any_del BEFORE DELETE ON vouchers
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 凭证不能删除（草稿请作废，编号保留）'); END;
CREATE TRIGGER entries_posted_del BEFORE DELETE ON entries
WHEN EXISTS (SELECT 1 FROM vouchers v WHERE v.org_id = OLD.org_id AND v.id = OLD.voucher_id AND v.status = 'posted')
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已记账凭证的分录不能删除'); END;

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
CREATE TRIGGER reopenings_upd BEFORE UPDATE ON reopenings
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 反结账记录不能修改'); END;
CREATE TRIGGER reopenings_del BEFORE DELETE ON reopenings
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 反结账记录不能删除'); END;
DROP TRIGGER closed_periods_del;
CREATE TRIGGER closed_periods_del BEFORE DELETE ON closed_periods
WHEN NOT EXISTS (SELECT 1 FROM reopenings r WHERE r.org_id = OLD.org_id AND r.scope = 'month'
                 AND r.period = OLD.period AND r.closed_at = OLD.closed_at)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 已结账的月份只能经反结账（gonghui reopen）重新打开'); END;

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
    fingerprint BLOB NOT NULL,
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
    fingerprint BLOB NOT NULL,
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
