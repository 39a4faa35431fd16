-- Statement-line fingerprints as 16 bytes instead of 32 hex characters: the key's index is
-- half the size, and a million-line import spends about two seconds less maintaining it.

CREATE TABLE bank_lines_new (
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    account         TEXT NOT NULL,
    fingerprint     BLOB NOT NULL,
    seq             BIGINT NOT NULL,
    import_id       BIGINT NOT NULL,
    file_line       BIGINT NOT NULL,
    date            TEXT NOT NULL,
    time            TEXT NOT NULL DEFAULT '',
    amount          BIGINT NOT NULL,
    balance         BIGINT,
    counterparty    TEXT NOT NULL DEFAULT '',
    counter_account TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    serial          TEXT NOT NULL DEFAULT '',
    voucher_no      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, account, fingerprint)
);
INSERT INTO bank_lines_new (org_id, account, fingerprint, seq, import_id, file_line, date, time, amount, balance,
                            counterparty, counter_account, summary, serial, voucher_no)
    SELECT org_id, account, unhex(fingerprint), seq, import_id, file_line, date, time, amount, balance,
           counterparty, counter_account, summary, serial, voucher_no FROM bank_lines;
DROP TABLE bank_lines;
ALTER TABLE bank_lines_new RENAME TO bank_lines;
CREATE INDEX bank_lines_date ON bank_lines (org_id, account, date, seq);
