-- Bank statements: each import (file, layout, counts, the bank's closing balance) and each line,
-- keyed by its fingerprint so that no line is imported twice.

CREATE TABLE bank_imports (
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    id              BIGINT NOT NULL,
    account         TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    layout          TEXT NOT NULL,
    encoding        TEXT NOT NULL,
    read_count      BIGINT NOT NULL,
    imported        BIGINT NOT NULL,
    duplicate       BIGINT NOT NULL,
    skipped         BIGINT NOT NULL,
    imported_by     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE bank_lines (
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    account         TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    import_id       BIGINT NOT NULL,
    file_line       BIGINT NOT NULL,
    date            DATE NOT NULL,
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
CREATE INDEX bank_lines_date ON bank_lines (org_id, account, date, seq);
