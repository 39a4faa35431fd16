-- gonghui ledger core, SQLite. Every table is keyed by org_id first.
-- Amounts are BIGINT fen. Periods are YYYYMM integers. Dates are ISO text.
-- Entries and balances are WITHOUT ROWID: the key is the table, one B-tree less per row written.

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    province    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    last_voucher_id BIGINT NOT NULL DEFAULT 0,
    last_event_id BIGINT NOT NULL DEFAULT 0,
    chain_seq   BIGINT NOT NULL DEFAULT 0,
    chain_hash  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    org_id  BIGINT NOT NULL REFERENCES orgs(id),
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (org_id, key)
);

-- Who acted and what they did: setting changes (e.g. the review waiver), closings, warnings.
CREATE TABLE events (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    id       BIGINT NOT NULL,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, id)
);

CREATE TABLE accounts (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    class    TEXT NOT NULL,
    side     TEXT NOT NULL,
    parent   TEXT,
    builtin  BOOLEAN NOT NULL,
    enabled  BOOLEAN NOT NULL,
    PRIMARY KEY (org_id, code)
);

CREATE TABLE activities (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    account   TEXT,
    project   BOOLEAN NOT NULL,
    earmarked BOOLEAN NOT NULL,
    PRIMARY KEY (org_id, code)
);

CREATE TABLE voucher_seq (
    org_id   BIGINT NOT NULL REFERENCES orgs(id),
    period   BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (org_id, period)
);

CREATE TABLE vouchers (
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    id            BIGINT NOT NULL,
    period        BIGINT NOT NULL,
    seq           BIGINT NOT NULL,
    no            TEXT NOT NULL,
    date          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    attachments   BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted')),
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
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, period, seq)
);
CREATE INDEX vouchers_chain ON vouchers (org_id, chain_seq);
CREATE INDEX vouchers_reverses ON vouchers (org_id, reverses) WHERE reverses IS NOT NULL;

CREATE TABLE entries (
    org_id     BIGINT NOT NULL,
    voucher_id BIGINT NOT NULL,
    line_no    BIGINT NOT NULL,
    period     BIGINT NOT NULL,
    account    TEXT NOT NULL,
    activity   TEXT NOT NULL DEFAULT '',
    debit      BIGINT NOT NULL,
    credit     BIGINT NOT NULL,
    PRIMARY KEY (org_id, voucher_id, line_no)
) WITHOUT ROWID;
-- No index by account here (PostgreSQL has one): on SQLite it cost 30% of batch posting, and a
-- ledger query reads one union's entries in well under a second even at a million vouchers a year.

-- Per-month aggregates of posted entries, kept up to date at posting.
CREATE TABLE balances (
    org_id   BIGINT NOT NULL,
    period   BIGINT NOT NULL,
    account  TEXT NOT NULL,
    activity TEXT NOT NULL DEFAULT '',
    debit    BIGINT NOT NULL,
    credit   BIGINT NOT NULL,
    PRIMARY KEY (org_id, period, account, activity)
) WITHOUT ROWID;

CREATE TABLE closed_periods (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    period    BIGINT NOT NULL,
    closed_by TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    PRIMARY KEY (org_id, period)
) WITHOUT ROWID;

-- A closed month refuses every write dated in it, whoever writes.
CREATE TRIGGER vouchers_closed_ins BEFORE INSERT ON vouchers
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = NEW.org_id AND c.period = NEW.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能再写入凭证'); END;
CREATE TRIGGER vouchers_closed_upd BEFORE UPDATE ON vouchers
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period IN (OLD.period, NEW.period))
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能再修改凭证'); END;
CREATE TRIGGER vouchers_closed_del BEFORE DELETE ON vouchers
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period = OLD.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能删除凭证'); END;
CREATE TRIGGER entries_closed_ins BEFORE INSERT ON entries
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = NEW.org_id AND c.period = NEW.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能再写入分录'); END;
CREATE TRIGGER entries_closed_del BEFORE DELETE ON entries
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period = OLD.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，不能删除分录'); END;
CREATE TRIGGER balances_closed_ins BEFORE INSERT ON balances
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = NEW.org_id AND c.period = NEW.period)
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，余额不能再变动'); END;
CREATE TRIGGER balances_closed_upd BEFORE UPDATE ON balances
WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.org_id = OLD.org_id AND c.period IN (OLD.period, NEW.period))
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 该月份已结账，余额不能再变动'); END;
CREATE TRIGGER closed_periods_del BEFORE DELETE ON closed_periods
BEGIN SELECT RAISE(ABORT, 'GH_CLOSED: 已结账的月份不能反结账'); END;

-- Posted vouchers and their lines never change; a correction is a reversal voucher.
CREATE TRIGGER vouchers_posted_upd BEFORE UPDATE ON vouchers
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已记账凭证不能修改，请用红字冲销更正'); END;
CREATE TRIGGER vouchers_posted_del BEFORE DELETE ON vouchers
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已记账凭证不能删除，请用红字冲销更正'); END;
CREATE TRIGGER entries_upd BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 分录不能修改'); END;
CREATE TRIGGER entries_posted_del BEFORE DELETE ON entries
WHEN EXISTS (SELECT 1 FROM vouchers v WHERE v.org_id = OLD.org_id AND v.id = OLD.voucher_id AND v.status = 'posted')
BEGIN SELECT RAISE(ABORT, 'GH_IMMUTABLE: 已记账凭证的分录不能删除'); END;
