-- Integrity under concurrency (issue 15). Use cases already run one at a time per union (SQLite:
-- BEGIN IMMEDIATE; PostgreSQL: an advisory lock per organisation); the schema now refuses the two
-- doubles a race could make even so.

-- One live reversal per voucher: a voided reversal draft makes room for another.
DROP INDEX vouchers_reverses;
CREATE UNIQUE INDEX vouchers_one_reversal ON vouchers (org_id, reverses)
    WHERE reverses IS NOT NULL AND status <> 'void';

-- The one voucher made from a statement line (by a rule on import, or by bank classify). The row
-- goes when that voucher is voided, so the line can be classified again.
CREATE TABLE bank_booked (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    account     TEXT NOT NULL,
    fingerprint BLOB NOT NULL,
    voucher_no  TEXT NOT NULL,
    PRIMARY KEY (org_id, account, fingerprint)
);
CREATE INDEX bank_booked_voucher ON bank_booked (org_id, voucher_no);
